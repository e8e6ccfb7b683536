"""Who is calling: a bearer token (from /auth/token or single sign-on) or a personal access token. Every
route but signing in needs one; the engine then decides what that person may do."""
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from models.domain.refusals import NotSignedIn
from models.identity.credentials import identify
from rectiflow.web.caller import Caller, caller_for
from rectiflow.web.context import WebContext, client_address, web_context

__all__ = ["Caller", "caller"]

bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False,
                              description="Bearer 令牌（POST /api/v1/auth/token 取得），或个人访问令牌（rfpat_…）")


def caller(request: Request, credential: str | None = Depends(bearer),
           context: WebContext = Depends(web_context)) -> Caller:
    if not credential:
        raise NotSignedIn("需要登录：请在 Authorization 头中提供 Bearer 令牌")
    address = client_address(request)
    identity = identify(context.db_url, context.secret, credential, max_age=context.session_age, channel="api",
                        address=address)
    return caller_for(context, identity, "api", address)
