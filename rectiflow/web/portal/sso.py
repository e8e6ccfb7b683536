"""Single sign-on in the browser: /sso/login goes to the identity provider, the callback starts a portal session.
With reauth=1 the provider is asked to authenticate again now; the proof is kept in the session for the
signature that asked for it (read back by `fresh_reauth`), and lapses like a re-entered password does."""
from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from models.domain.clock import utcnow
from models.domain.refusals import NotSignedIn, ReauthRequired
from models.domain.via import REAUTH_WINDOW_SECONDS, SignatureProof
from models.identity.reauth_tokens import issue_reauth, read_reauth
from models.identity.sso import sso_sign_in
from rectiflow.web.api.sso import PROVIDER, oidc_client
from rectiflow.web.caller import Caller
from rectiflow.web.context import WebContext, client_address, web_context
from rectiflow.web.portal.session import start_session
from rectiflow.web.portal.signin import _safe_next

router = APIRouter(include_in_schema=False)
REAUTH = "portal_reauth"


@router.get("/sso/login")
async def sso_login(request: Request, next: str = "/", reauth: bool = False):
    client = oidc_client(request)
    request.session["sso_next"], request.session["sso_reauth"] = _safe_next(next), reauth
    extra = {"max_age": 0, "prompt": "login"} if reauth else {}
    return await client.authorize_redirect(request, str(request.url_for("portal_sso_callback")), **extra)


@router.get("/sso/callback", name="portal_sso_callback")
async def sso_callback(request: Request, context: WebContext = Depends(web_context)):
    from authlib.integrations.starlette_client import OAuthError

    client = oidc_client(request)
    try:
        token = await client.authorize_access_token(request)
    except OAuthError as error:
        raise NotSignedIn(f"单点登录未完成（{error.error}）：请重新登录") from None
    target, reauth = request.session.pop("sso_next", "/"), request.session.pop("sso_reauth", False)
    signed_on = await run_in_threadpool(sso_sign_in, context.db_url, dict(token.get("userinfo") or {}),
                                       context.settings.oidc_claim, provider=PROVIDER, channel="web",
                                       address=client_address(request))
    start_session(request, context, signed_on.identity)
    if reauth:
        if utcnow() - signed_on.auth_time > timedelta(seconds=REAUTH_WINDOW_SECONDS):
            raise ReauthRequired("身份提供方没有重新验证身份（auth_time 过早）：请重新验证后再签署")
        request.session[REAUTH] = issue_reauth(context.secret, signed_on.identity, signed_on.auth_time)
    return RedirectResponse(target, status_code=303)


def fresh_reauth(request: Request, who: Caller) -> SignatureProof | None:
    """The proof of a sign-on made again moments ago for a signature, used once; None when there is none."""
    token = request.session.pop(REAUTH, None)
    return read_reauth(who.context.secret, token, who.identity) if token else None
