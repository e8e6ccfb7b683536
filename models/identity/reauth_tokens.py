"""Proof of a fresh single sign-on, for a signature made through the API: issued by the sign-on callback when
the person signed in again just now (max_age=0), bound to that person, and good for a few minutes."""
from datetime import datetime, timezone

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from models.domain.refusals import ReauthRequired
from models.domain.via import REAUTH_WINDOW_SECONDS, SignatureProof
from models.identity.identity import Identity

_SALT = "rectiflow-reauth-v1"


def issue_reauth(secret: str, identity: Identity, auth_time: datetime) -> str:
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps({"p": identity.person_id, "a": auth_time.timestamp()})


def read_reauth(secret: str, token: str, identity: Identity) -> SignatureProof:
    try:
        claims = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=REAUTH_WINDOW_SECONDS)
    except (SignatureExpired, BadSignature):
        raise ReauthRequired("重新验证已过期或无效：请重新通过单点登录验证后签署") from None
    if claims.get("p") != identity.person_id:
        raise ReauthRequired("重新验证不是本人的：请本人重新通过单点登录验证后签署")
    return SignatureProof(method="oidc", at=datetime.fromtimestamp(float(claims["a"]), timezone.utc))
