"""Who a request's credentials name: a bearer token (from a password or single sign-on), or a personal access
token. Anything wrong — forged, expired, revoked, a disabled account, a password changed since — is NotSignedIn."""
import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from models.domain.clock import utcnow
from models.domain.refusals import NotSignedIn
from models.identity import events
from models.identity.bearer import read_bearer
from models.identity.identity import Identity
from models.store.database import reading, transaction
from models.tables.accounts import PERSONAL, Account, AccountToken

PERSONAL_PREFIX = "rfpat_"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def identify(db_url: str, secret: str, credential: str, *, max_age: timedelta, channel: str,
             address: str | None, now: datetime | None = None) -> Identity:
    now = now or utcnow()
    if credential.startswith(PERSONAL_PREFIX):
        return _personal(db_url, credential, channel, address, now)
    person_id, method, authenticated_at = read_bearer(secret, credential, max_age)
    with reading(db_url) as session:
        account = session.get(Account, person_id)
        if account is None or account.disabled:
            raise NotSignedIn("账户已停用，请联系整改办")
        if authenticated_at < account.credentials_changed_at:
            raise NotSignedIn("密码已更改或账户已重置，请重新登录")
        return Identity(person_id, account.person.name, method, authenticated_at)


def _personal(db_url: str, credential: str, channel: str, address: str | None, now: datetime) -> Identity:
    with transaction(db_url) as session:
        token = session.scalars(select(AccountToken).where(AccountToken.secret_hash == secret_hash(credential),
                                                           AccountToken.kind == PERSONAL)).one_or_none()
        account = session.get(Account, token.person_id) if token else None
        why = _unusable(token, account, now)
        events.record(session, events.TOKEN_REFUSED if why else events.TOKEN_USED, at=now, channel=channel,
                      person_id=token.person_id if token else None, address=address,
                      token=token.id if token else None, **({"reason": why} if why else {}))
        if why is None:
            token.used_at = now
            identity = Identity(token.person_id, token.person.name, "personal_token", token.created_at)
    if why:
        raise NotSignedIn({"revoked": "访问令牌已撤销", "expired": "访问令牌已过期", "disabled": "账户已停用，请联系整改办"}
                          .get(why, "凭据无效，请重新登录"))
    return identity


def _unusable(token: AccountToken | None, account: Account | None, now: datetime) -> str | None:
    if token is None or account is None:
        return "unknown"
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    if account.disabled:
        return "disabled"
    return None
