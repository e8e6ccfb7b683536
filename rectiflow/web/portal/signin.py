"""Signing in and out, changing one's password, and the activation link's landing page."""
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from models.domain.refusals import Refused
from models.identity.accounts import activate, change_password
from models.identity.signin import reauthenticate, sign_in
from rectiflow.web.caller import Caller
from rectiflow.web.context import WebContext, client_address, web_context
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import end_session, signed_in, start_session

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=200)]


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an address elsewhere (an open redirect would lend our name to phishing)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    notice = request.session.pop("login_notice", None)
    return render(request, "login.html", next=safe_next(next), notice=notice,
                  sso=getattr(request.app.state, "oidc", None) is not None)


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, login: Text, password: Text, next: Text = "/",
          context: WebContext = Depends(web_context)):
    try:
        identity = sign_in(context.db_url, login.strip(), password, channel="web", address=client_address(request),
                           zone=context.settings.timezone)
    except Refused as refused:
        return render(request, "login.html", status_code=401, next=safe_next(next), error=refused.message,
                      login=login, sso=getattr(request.app.state, "oidc", None) is not None)
    start_session(request, context, identity)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request):
    end_session(request)
    request.session["login_notice"] = "已退出登录"
    return RedirectResponse("/login", status_code=303)


@router.get("/password")
def password_page(request: Request, who: Caller = Depends(signed_in)):
    return render(request, "password.html", who)


@router.post("/password", dependencies=[Depends(check_csrf)])
def password_change(request: Request, current: Text, new: Text, again: Text, who: Caller = Depends(signed_in)):
    context = who.context
    try:
        if new != again:
            raise Refused("两次输入的新密码不一致")
        reauthenticate(context.db_url, who.identity, current, channel="web", address=who.via.address,
                       zone=context.settings.timezone)
        change_password(context.db_url, who.identity, new, channel="web", address=who.via.address)
    except Refused as refused:
        return render(request, "password.html", who, status_code=422, error=refused.message)
    end_session(request)  # every sign-in ends with a new password, this one too
    request.session["login_notice"] = "密码已修改，请用新密码登录"
    return RedirectResponse("/login", status_code=303)


@router.get("/activate")
def activation_page(request: Request, token: str = ""):
    return render(request, "activate.html", token=token)


@router.post("/activate", dependencies=[Depends(check_csrf)])
def activation(request: Request, token: Annotated[str, Form(max_length=500)], new: Text, again: Text,
               context: WebContext = Depends(web_context)):
    try:
        if new != again:
            raise Refused("两次输入的密码不一致")
        identity = activate(context.db_url, token, new, channel="web", address=client_address(request))
    except Refused as refused:
        return render(request, "activate.html", status_code=422, token=token, error=refused.message)
    start_session(request, context, identity)
    return RedirectResponse("/", status_code=303)
