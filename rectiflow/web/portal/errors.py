"""What a person sees when the portal refuses or fails: the engine's Chinese message on a page with the way back,
never a traceback; a page that needs signing in sends the browser to /login and back again after."""
import logging
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse

from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import SignInNeeded

logger = logging.getLogger(__name__)


def sign_in_first(request: Request, exc: SignInNeeded) -> RedirectResponse:
    target = "/login?next=" + quote(exc.next_path, safe="/")
    if exc.message:
        request.session["login_notice"] = exc.message
    if request.headers.get("HX-Request"):  # htmx: a whole-page redirect, not a login form swapped into a fragment
        response = RedirectResponse(target, status_code=303)
        response.headers["HX-Redirect"] = target
        return response
    return RedirectResponse(target, status_code=303)


def refusal_page(request: Request, status: int, title: str, message: str, problems: list[str] | None = None):
    back = request.headers.get("referer") if request.method == "POST" else None
    if back and not back.startswith(str(request.base_url)):
        back = None  # only ever a link back into the portal
    return render(request, "error.html", status_code=status, title=title, message=message, problems=problems or [],
                  back=back)
