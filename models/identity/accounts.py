"""The office's account work: inviting a person (a one-time activation link, sent and printed), setting a
password, disabling and enabling — and a person's own: activating with the link, changing their password.
Every change is an auth event; an invitation is also an audit entry, since it sends a message."""
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.directory.recipients import tell
from models.domain.clock import utcnow
from models.domain.events import ACCOUNT_INVITED
from models.domain.refusals import InvalidInput, NotSignedIn
from models.identity import events
from models.identity.credentials import secret_hash
from models.identity.identity import Identity
from models.identity.passwords import check_policy, hash_password
from models.store.database import transaction
from models.store.unit_of_work import unit_of_work
from models.tables.accounts import ACTIVATION, Account, AccountToken
from models.tables.organisation import Person


@dataclass(frozen=True)
class Invitation:
    person: str
    link: str
    expires_at: datetime
    messages: int  # queued to the person's addresses (or the fallback channel)


def account_of(session: Session, person: Person, now: datetime) -> Account:
    """The person's account, made (without a password) the first time it is needed."""
    account = session.get(Account, person.id)
    if account is None:
        account = Account(person_id=person.id, created_at=now, credentials_changed_at=now)
        session.add(account)
        session.flush()
    return account


def invite(db_url: str, name: str, actor: str, *, public_url: str, valid_for: timedelta,
           now: datetime | None = None) -> Invitation:
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    link = f"{public_url.rstrip('/')}/activate?token={secret}"
    with unit_of_work(db_url) as uow:
        person = Directory.of(uow).person(name)
        account = account_of(uow.session, person, now)
        if account.disabled:
            raise InvalidInput(f"「{person.name}」的账户已停用：请先 rectiflow users enable {person.name}")
        for old in _open_activations(uow.session, person.id):
            old.revoked_at = now  # one valid link at a time
        uow.session.add(AccountToken(person_id=person.id, kind=ACTIVATION, secret_hash=secret_hash(secret),
                                     created_at=now, expires_at=now + valid_for))
        events.record(uow.session, events.INVITED, at=now, channel="cli", person_id=person.id, login=person.name,
                      by=actor)
        entry = uow.record(at=now, kind=ACCOUNT_INVITED, actor_id=None, actor_name=actor,
                           data={"person": person.name, "expires_at": (now + valid_for).isoformat()})
        sent = tell(uow, entry, [person], {"person": person.name, "link": link,
                                          "expires": (now + valid_for).isoformat(), "actor": actor,
                                          "at": now.isoformat()})
        return Invitation(person.name, link, now + valid_for, sent)


def activate(db_url: str, secret: str, password: str, *, channel: str, address: str | None,
             now: datetime | None = None) -> Identity:
    """Set the first password with an activation link; the link is then spent."""
    now = now or utcnow()
    with transaction(db_url) as session:
        token = session.scalars(select(AccountToken).where(AccountToken.secret_hash == secret_hash(secret),
                                                           AccountToken.kind == ACTIVATION)).one_or_none()
        if token is None or token.used_at or token.revoked_at or token.expires_at <= now:
            raise NotSignedIn("激活链接无效、已使用或已过期：请联系整改办重新发送")
        account = account_of(session, token.person, now)
        if account.disabled:
            raise NotSignedIn("账户已停用，请联系整改办")
        check_policy(password, token.person.name)
        _set(session, account, password, now)
        token.used_at = now
        events.record(session, events.ACTIVATED, at=now, channel=channel, person_id=account.person_id,
                      login=token.person.name, address=address)
        return Identity(account.person_id, token.person.name, "password", now)


def set_password(db_url: str, name: str, password: str, actor: str, now: datetime | None = None) -> None:
    """The office sets (or resets) a person's password at the shell; their sessions end, a lock is lifted."""
    now = now or utcnow()
    with unit_of_work(db_url) as uow:
        person = Directory.of(uow).person(name)
        check_policy(password, person.name)
        _set(uow.session, account_of(uow.session, person, now), password, now)
        events.record(uow.session, events.PASSWORD_SET, at=now, channel="cli", person_id=person.id, login=person.name,
                      by=actor)


def change_password(db_url: str, identity: Identity, new_password: str, *, channel: str, address: str | None,
                    now: datetime | None = None) -> None:
    """A person's own change (after re-authenticating): other sessions end."""
    now = now or utcnow()
    with transaction(db_url) as session:
        check_policy(new_password, identity.name)
        _set(session, session.get(Account, identity.person_id), new_password, now)
        events.record(session, events.PASSWORD_SET, at=now, channel=channel, person_id=identity.person_id,
                      login=identity.name, address=address, by="self")


def set_disabled(db_url: str, name: str, disabled: bool, actor: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    with unit_of_work(db_url) as uow:
        person = Directory.of(uow).person(name)
        account = account_of(uow.session, person, now)
        account.disabled = disabled
        account.credentials_changed_at = now  # disabling ends every session and bearer token at once
        events.record(uow.session, events.DISABLED if disabled else events.ENABLED, at=now, channel="cli",
                      person_id=person.id, login=person.name, by=actor)


def _set(session: Session, account: Account, password: str, now: datetime) -> None:
    account.password_hash = hash_password(password)
    account.credentials_changed_at = now
    account.locked_until = None


def _open_activations(session: Session, person_id: int) -> list[AccountToken]:
    return list(session.scalars(select(AccountToken).where(
        AccountToken.person_id == person_id, AccountToken.kind == ACTIVATION, AccountToken.used_at.is_(None),
        AccountToken.revoked_at.is_(None))))
