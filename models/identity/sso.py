"""Single sign-on: an identity provider's verified ID token names a person of the directory (by the claim the
settings choose). Any provider that yields such claims — OpenID Connect now; DingTalk, WeCom or Feishu login
as further providers — ends here."""
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select

from models.domain.clock import utcnow
from models.domain.refusals import NotSignedIn
from models.identity import events
from models.identity.accounts import account_of
from models.identity.identity import Identity
from models.store.database import transaction
from models.tables.organisation import Person


@dataclass(frozen=True)
class SignOn:
    identity: Identity  # signed in to Rectiflow now
    auth_time: datetime  # when the provider last authenticated them (its auth_time claim; now when it gives none)


def sso_sign_in(db_url: str, claims: dict, claim: str, *, provider: str, channel: str, address: str | None,
                now: datetime | None = None) -> SignOn:
    """The person the claims name."""
    now = now or utcnow()
    name = str(claims.get(claim) or "").strip()
    with transaction(db_url) as session:
        person = session.scalars(select(Person).where(Person.name == name)).one_or_none() if name else None
        account = account_of(session, person, now) if person else None
        refused = None if person else f"单点登录的用户「{name or '（无）'}」不在组织目录中，请联系整改办"
        if account is not None and account.disabled:
            refused = "账户已停用，请联系整改办"
        events.record(session, events.SSO_REFUSED if refused else events.SSO_SIGNED_IN, at=now, channel=channel,
                      person_id=person.id if person else None, login=name, address=address, provider=provider,
                      subject=str(claims.get("sub", "")))
    if refused:
        raise NotSignedIn(refused)
    auth_time = claims.get("auth_time")
    at = datetime.fromtimestamp(int(auth_time), timezone.utc) if isinstance(auth_time, (int, float)) else now
    return SignOn(Identity(person.id, person.name, "oidc", now), min(at, now))
