"""Signing in for the API: the OAuth2 password form gives a bearer token; /me says who the token names."""
from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from models.identity.bearer import issue_bearer
from models.identity.signin import sign_in
from models.queries.readers import Reader
from rectiflow.web.api.identity import Caller, caller
from rectiflow.web.context import WebContext, client_address, web_context

router = APIRouter(tags=["认证"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int  # seconds


@router.post("/auth/token", response_model=TokenOut, summary="用姓名和密码登录，取得 Bearer 令牌")
def token(request: Request, form: OAuth2PasswordRequestForm = Depends(),
          context: WebContext = Depends(web_context)) -> TokenOut:
    identity = sign_in(context.db_url, form.username, form.password, channel="api", address=client_address(request),
                       zone=context.settings.timezone)
    return TokenOut(access_token=issue_bearer(context.secret, identity.person_id, "password",
                                              identity.authenticated_at),
                    expires_in=int(context.session_age.total_seconds()))


@router.get("/me", response_model=Reader, summary="当前登录的人：单位、角色、可查看范围")
def me(who: Caller = Depends(caller)) -> Reader:
    return who.reader
