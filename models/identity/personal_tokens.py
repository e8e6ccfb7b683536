"""Personal access tokens, for integrations: shown once when made, stored as their sha256, revocable."""
import secrets
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.domain.clock import utcnow
from models.domain.refusals import InvalidInput, NotFound
from models.identity import events
from models.identity.accounts import account_of
from models.identity.credentials import PERSONAL_PREFIX, secret_hash
from models.store.database import read_only
from models.store.unit_of_work import unit_of_work
from models.tables.accounts import PERSONAL, AccountToken


class TokenRow(BaseModel):
    id: int
    person: str
    label: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool


def create_token(db_url: str, name: str, label: str, expires_at: datetime | None, actor: str,
                 now: datetime | None = None) -> tuple[int, str]:
    """(its id, the secret — shown this once)."""
    now = now or utcnow()
    if expires_at is not None and expires_at <= now:
        raise InvalidInput("令牌的过期时间应晚于现在")
    secret = PERSONAL_PREFIX + secrets.token_urlsafe(32)
    with unit_of_work(db_url) as uow:
        person = Directory.of(uow).person(name)
        if account_of(uow.session, person, now).disabled:
            raise InvalidInput(f"「{person.name}」的账户已停用，不能发放令牌")
        token = AccountToken(person_id=person.id, kind=PERSONAL, label=label, secret_hash=secret_hash(secret),
                             created_at=now, expires_at=expires_at)
        uow.session.add(token)
        uow.session.flush()
        events.record(uow.session, events.TOKEN_CREATED, at=now, channel="cli", person_id=person.id, login=person.name,
                      token=token.id, by=actor)
        return token.id, secret


def revoke_token(db_url: str, token_id: int, actor: str, now: datetime | None = None) -> str:
    """Revoke; returns whose it was."""
    now = now or utcnow()
    with unit_of_work(db_url) as uow:
        token = uow.session.get(AccountToken, token_id)
        if token is None or token.kind != PERSONAL:
            raise NotFound(f"没有访问令牌 #{token_id}")
        token.revoked_at = token.revoked_at or now
        events.record(uow.session, events.TOKEN_REVOKED, at=now, channel="cli", person_id=token.person_id,
                      login=token.person.name, token=token.id, by=actor)
        return token.person.name


@read_only
def list_tokens(session: Session, name: str | None = None) -> list[TokenRow]:
    query = select(AccountToken).where(AccountToken.kind == PERSONAL).order_by(AccountToken.id)
    if name:
        query = query.where(AccountToken.person_id == Directory(session).person(name).id)
    return [TokenRow(id=t.id, person=t.person.name, label=t.label, created_at=t.created_at, expires_at=t.expires_at,
                     last_used_at=t.used_at, revoked=t.revoked_at is not None) for t in session.scalars(query)]
