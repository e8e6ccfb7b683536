"""Signing in with a password, and signing again at the moment of a signature. A refusal is raised only after
the attempt is recorded (and the account locked when it should be): the failure is committed, not rolled back
with the refusal."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.clock import utcnow
from models.domain.refusals import NotSignedIn, Refused, TooManyAttempts
from models.domain.text import clean_text
from models.domain.via import SignatureProof
from models.identity import events
from models.identity.identity import Identity
from models.identity.passwords import hash_password, needs_rehash, verify_password
from models.identity.throttle import lock_if_too_many, refuse_if_address_throttled, refuse_if_locked
from models.store.database import transaction
from models.tables.accounts import Account
from models.tables.organisation import Person

WRONG = "姓名或密码错误"


def sign_in(db_url: str, login: str, password: str, *, channel: str, address: str | None, zone: str,
            now: datetime | None = None) -> Identity:
    now = now or utcnow()
    with transaction(db_url) as session:
        outcome = _check(session, _account_named(session, login), login, password, channel, address, zone, now,
                         events.SIGNED_IN, events.SIGN_IN_FAILED)
    if isinstance(outcome, Refused):
        raise outcome
    return Identity(outcome.person_id, outcome.person.name, "password", now)


def reauthenticate(db_url: str, identity: Identity, password: str, *, channel: str, address: str | None, zone: str,
                   now: datetime | None = None) -> SignatureProof:
    """The signer's password again, now: the proof a signature carries."""
    now = now or utcnow()
    with transaction(db_url) as session:
        outcome = _check(session, session.get(Account, identity.person_id), identity.name, password, channel, address,
                         zone, now, events.REAUTHENTICATED, events.REAUTH_FAILED)
    if isinstance(outcome, Refused):
        raise outcome if not isinstance(outcome, NotSignedIn) else NotSignedIn("密码错误，未签署")
    return SignatureProof(method="password", at=now)


def _account_named(session: Session, login: str) -> Account | None:
    name = clean_text(login).strip()
    if not name or name != login.strip():  # control characters: no such name, and never sent to the database
        return None
    person = session.scalars(select(Person).where(Person.name == name)).one_or_none()
    return session.get(Account, person.id) if person else None


def _check(session: Session, account: Account | None, login: str, password: str, channel: str, address: str | None,
           zone: str, now: datetime, succeeded: str, failed: str) -> Account | Refused:
    """The account when the password is right and nothing stands in the way; else the refusal to raise."""
    person_id = account.person_id if account else None
    try:
        refuse_if_address_throttled(session, address, now, zone)
        refuse_if_locked(account, now, zone)
    except TooManyAttempts as refusal:
        events.record(session, events.THROTTLED, at=now, channel=channel, person_id=person_id, login=login,
                      address=address)
        return refusal
    if account is None or not verify_password(account.password_hash, password):
        events.record(session, failed, at=now, channel=channel, person_id=person_id, login=login, address=address,
                      reason="unknown" if account is None else "wrong_password")
        if account is not None and lock_if_too_many(session, account, now):
            events.record(session, events.LOCKED, at=now, channel=channel, person_id=person_id, login=login,
                          address=address, until=account.locked_until.isoformat())
        return NotSignedIn(WRONG)
    if account.disabled:
        events.record(session, failed, at=now, channel=channel, person_id=person_id, login=login, address=address,
                      reason="disabled")
        return NotSignedIn("账户已停用，请联系整改办")
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    events.record(session, succeeded, at=now, channel=channel, person_id=person_id, login=login, address=address)
    return account
