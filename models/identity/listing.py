"""Accounts as the office sees them: everyone in the directory, with their account's state."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.domain.clock import utcnow
from models.domain.vocabulary import Role
from models.identity.events import SIGNED_IN, SSO_SIGNED_IN
from models.store.database import read_only
from models.tables.accounts import Account, AuthEvent
from models.tables.organisation import Person


class AccountRow(BaseModel):
    person: str
    unit: str | None
    roles: list[str]
    status: str  # 未开通 / 待激活 / 已启用 / 已停用 / 已锁定
    last_sign_in: datetime | None


@read_only
def list_accounts(session: Session, now: datetime | None = None) -> list[AccountRow]:
    now = now or utcnow()
    accounts = {a.person_id: a for a in session.scalars(select(Account))}
    last = dict(session.execute(select(AuthEvent.person_id, func.max(AuthEvent.at)).where(
        AuthEvent.kind.in_((SIGNED_IN, SSO_SIGNED_IN))).group_by(AuthEvent.person_id)).all())
    return [AccountRow(person=p.name, unit=p.unit.name if p.unit else None,
                       roles=[r.label for r in Role.ordered(p.roles)], status=_status(accounts.get(p.id), now),
                       last_sign_in=last.get(p.id))
            for p in session.scalars(select(Person).order_by(Person.id))]


def _status(account: Account | None, now: datetime) -> str:
    if account is None:
        return "未开通"
    if account.disabled:
        return "已停用"
    if account.locked_until and account.locked_until > now:
        return "已锁定"
    return "已启用" if account.password_hash else "待激活"
