"""Bearer tokens for the API (and the portal's session): the person's id and how they signed in, signed with
the server's secret and timed. A token dies with its account's credentials: a new password, a disabled account."""
from datetime import datetime, timedelta, timezone

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from models.domain.refusals import NotSignedIn

_SALT = "rectiflow-bearer-v1"


def issue_bearer(secret: str, person_id: int, method: str, authenticated_at: datetime) -> str:
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps(
        {"p": person_id, "m": method, "a": authenticated_at.timestamp()})


def read_bearer(secret: str, token: str, max_age: timedelta) -> tuple[int, str, datetime]:
    """(person id, method, when they authenticated); NotSignedIn when forged or expired."""
    try:
        claims = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        raise NotSignedIn("登录已过期，请重新登录") from None
    except BadSignature:
        raise NotSignedIn("凭据无效，请重新登录") from None
    try:
        return int(claims["p"]), str(claims["m"]), datetime.fromtimestamp(float(claims["a"]), timezone.utc)
    except (KeyError, TypeError, ValueError):
        raise NotSignedIn("凭据无效，请重新登录") from None
