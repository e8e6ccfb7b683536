"""Delegations of sign-off (代签) as people look for them: the ones a person gave or received, or all of them."""
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.store.database import read_only
from models.tables.meetings import Delegation


class DelegationRow(BaseModel):
    id: int
    principal: str
    deputy: str
    starts: date
    ends: date
    reason: str | None
    created_at: datetime
    active: bool  # covers `today`
    status_label: str  # 生效中 / 未开始 / 已结束 / 已撤销


@read_only
def list_delegations(session: Session, today: date, *, person_id: int | None = None,
                     current_only: bool = True) -> list[DelegationRow]:
    """Latest first. With person_id: those the person gave or received. current_only: not yet ended or revoked."""
    query = select(Delegation).order_by(Delegation.starts.desc(), Delegation.id.desc())
    if person_id is not None:
        query = query.where(or_(Delegation.principal_id == person_id, Delegation.deputy_id == person_id))
    if current_only:
        query = query.where(Delegation.ends >= today, Delegation.revoked_at.is_(None))
    return [DelegationRow(id=d.id, principal=d.principal.name, deputy=d.deputy.name, starts=d.starts, ends=d.ends,
                          reason=d.reason, created_at=d.created_at, active=d.covers(today),
                          status_label=_status(d, today)) for d in session.scalars(query)]


def _status(delegation: Delegation, today: date) -> str:
    if delegation.revoked_at is not None:
        return "已撤销"
    if today < delegation.starts:
        return "未开始"
    return "已结束" if today > delegation.ends else "生效中"
