"""Single sign-on with OpenID Connect (authlib): /auth/oidc/login sends the browser to the identity provider,
the callback checks its ID token and answers with a bearer token for the person the claim names. With
?reauth=true the provider is asked to authenticate again now (max_age=0, prompt=login) and the answer also
carries a reauth_token, the proof a signature through the API needs."""
import warnings
from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from models.domain.clock import utcnow
from models.domain.refusals import NotFound, NotSignedIn, ReauthRequired
from models.domain.via import REAUTH_WINDOW_SECONDS
from models.identity.bearer import issue_bearer
from models.identity.reauth_tokens import issue_reauth
from models.identity.sso import SignOn, sso_sign_in
from models.settings import Settings
from rectiflow.web.context import WebContext, client_address, web_context

router = APIRouter(tags=["认证"])
PROVIDER = "oidc"


def register_provider(settings: Settings):
    """The OIDC client for the configured issuer, or None when single sign-on is not configured."""
    if not settings.oidc_issuer:
        return None
    from authlib.deprecate import AuthlibDeprecationWarning

    warnings.filterwarnings("ignore", category=AuthlibDeprecationWarning)  # authlib's own httpx shim, not ours
    from authlib.integrations.starlette_client import OAuth

    oauth = OAuth()
    oauth.register(PROVIDER, client_id=settings.oidc_client_id, client_secret=settings.oidc_client_secret,
                   server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
                   client_kwargs={"scope": "openid profile"})
    return oauth.create_client(PROVIDER)


def oidc_client(request: Request):
    client = getattr(request.app.state, "oidc", None)
    if client is None:
        raise NotFound("未配置单点登录（RECTIFLOW_OIDC_ISSUER）")
    return client


async def to_provider(request: Request, callback: str, reauth: bool):
    """Send the browser to the identity provider; with `reauth` it must authenticate the person again now."""
    extra = {"max_age": 0, "prompt": "login"} if reauth else {}
    return await oidc_client(request).authorize_redirect(request, str(request.url_for(callback)), **extra)


async def returned_sign_on(request: Request, context: WebContext, channel: str) -> SignOn:
    """The person the provider's answer names (its ID token checked), signed in through `channel`."""
    from authlib.integrations.starlette_client import OAuthError

    try:
        token = await oidc_client(request).authorize_access_token(request)
    except OAuthError as error:
        raise NotSignedIn(f"单点登录未完成（{error.error}）：请重新登录") from None
    return await run_in_threadpool(sso_sign_in, context.db_url, dict(token.get("userinfo") or {}),
                                   context.settings.oidc_claim, provider=PROVIDER, channel=channel,
                                   address=client_address(request))


def reauth_token(context: WebContext, signed_on: SignOn) -> str:
    """The proof a signature needs, when the provider did authenticate the person moments ago."""
    if utcnow() - signed_on.auth_time > timedelta(seconds=REAUTH_WINDOW_SECONDS):
        raise ReauthRequired("身份提供方没有重新验证身份（auth_time 过早）：请重新验证身份后再签署")
    return issue_reauth(context.secret, signed_on.identity, signed_on.auth_time)


@router.get("/auth/oidc/login", summary="单点登录：转到身份提供方（reauth=true 时要求重新验证）")
async def oidc_login(request: Request, reauth: bool = False):
    request.session["oidc_reauth"] = reauth
    return await to_provider(request, "oidc_callback", reauth)


@router.get("/auth/oidc/callback", name="oidc_callback", summary="单点登录回调：返回 Bearer 令牌（及 reauth_token）")
async def oidc_callback(request: Request, context: WebContext = Depends(web_context)) -> dict:
    signed_on = await returned_sign_on(request, context, "api")
    identity = signed_on.identity
    answer = {"access_token": issue_bearer(context.secret, identity.person_id, "oidc", identity.authenticated_at),
              "token_type": "bearer", "expires_in": int(context.session_age.total_seconds())}
    if request.session.pop("oidc_reauth", False):
        answer["reauth_token"] = reauth_token(context, signed_on)
    return answer
