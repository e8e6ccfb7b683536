"""The portal's sign-in: the signed session cookie holds a bearer credential for the person (the same one the API
checks: a disabled account, a changed password or an expired sign-in ends the session), plus its CSRF token."""
import secrets

from fastapi import Depends, Request

from models.domain.refusals import NotSignedIn
from models.identity.bearer import issue_bearer
from models.identity.credentials import identify
from models.identity.identity import Identity
from rectiflow.web.caller import Caller, caller_for
from rectiflow.web.context import WebContext, client_address, web_context

CREDENTIAL = "portal_credential"
CSRF = "csrf"


class SignInNeeded(Exception):
    """Raised on a page that needs a signed-in person: answered by sending the browser to /login."""

    def __init__(self, next_path: str, message: str | None = None) -> None:
        super().__init__(next_path)
        self.next_path, self.message = next_path, message


def start_session(request: Request, context: WebContext, identity: Identity) -> None:
    request.session.clear()  # a new session on every sign-in: nothing carried over from before it
    request.session[CREDENTIAL] = issue_bearer(context.secret, identity.person_id, identity.method,
                                               identity.authenticated_at)
    request.session[CSRF] = secrets.token_urlsafe(32)


def end_session(request: Request) -> None:
    request.session.clear()


def signed_in(request: Request, context: WebContext = Depends(web_context)) -> Caller:
    """The person signed in to this browser; SignInNeeded when nobody is (or the sign-in has ended)."""
    credential = request.session.get(CREDENTIAL)
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not credential:
        raise SignInNeeded(wanted)
    address = client_address(request)
    try:
        identity = identify(context.db_url, context.secret, credential, max_age=context.session_age, channel="web",
                            address=address)
    except NotSignedIn as ended:
        end_session(request)
        raise SignInNeeded(wanted, ended.message) from None
    return caller_for(context, identity, "web", address)
