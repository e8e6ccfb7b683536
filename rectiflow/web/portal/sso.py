"""Single sign-on in the browser: /sso/login goes to the identity provider, the callback starts a portal session.
With reauth=1 the provider is asked to authenticate again now; the proof is kept in the session for the
signature that asked for it (read back by `fresh_reauth`), and lapses like a re-entered password does."""
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from models.domain.via import SignatureProof
from models.identity.reauth_tokens import read_reauth
from rectiflow.web.api.sso import reauth_token, returned_sign_on, to_provider
from rectiflow.web.caller import Caller
from rectiflow.web.context import WebContext, web_context
from rectiflow.web.portal.session import start_session
from rectiflow.web.portal.signin import safe_next

router = APIRouter(include_in_schema=False)
REAUTH = "portal_reauth"


@router.get("/sso/login")
async def sso_login(request: Request, next: str = "/", reauth: bool = False):
    request.session["sso_next"], request.session["sso_reauth"] = safe_next(next), reauth
    return await to_provider(request, "portal_sso_callback", reauth)


@router.get("/sso/callback", name="portal_sso_callback")
async def sso_callback(request: Request, context: WebContext = Depends(web_context)):
    signed_on = await returned_sign_on(request, context, "web")
    target, reauth = request.session.pop("sso_next", "/"), request.session.pop("sso_reauth", False)
    start_session(request, context, signed_on.identity)
    if reauth:
        request.session[REAUTH] = reauth_token(context, signed_on)
    return RedirectResponse(target, status_code=303)


def fresh_reauth(request: Request, who: Caller) -> SignatureProof | None:
    """The proof of a sign-on made again moments ago for a signature, used once; None when there is none."""
    token = request.session.pop(REAUTH, None)
    return read_reauth(who.context.secret, token, who.identity) if token else None
