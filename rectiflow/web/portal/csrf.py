"""CSRF: every form the portal renders carries the session's token, and every POST must send it back (as the form
field `csrf`, or the X-CSRF-Token header htmx adds) — a page on another site cannot read it, so cannot forge a post."""
import hmac
import secrets

from fastapi import Request

from models.domain.refusals import Refused
from rectiflow.web.portal.session import CSRF


class CsrfRefused(Refused):
    """A form posted without this session's token."""

    status = 403


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF)
    if not token:  # a visitor not yet signed in (the sign-in form itself)
        token = request.session[CSRF] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """A dependency of every portal POST."""
    expected = request.session.get(CSRF)
    sent = request.headers.get("X-CSRF-Token")
    if sent is None:
        form = await request.form()  # Starlette caches the parsed form: the route reads the same one
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfRefused("表单已失效（页面打开太久或来自其他网站）：请刷新页面后重新提交")
