"""The audit log as people read it (an item's history, the latest entries) and the chain's verification."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.events import event_label
from models.store import audit_chain
from models.store.database import read_only
from models.tables.audit import AuditEntry


class AuditRow(BaseModel):
    seq: int
    at: datetime
    kind: str
    kind_label: str  # 事件 as people read it
    actor: str
    item_id: int | None
    action: str | None
    from_state: str | None
    to_state: str | None
    reason: str | None
    data: dict
    hash: str


@read_only
def audit_log(session: Session, item_id: int | None = None, limit: int | None = None) -> list[AuditRow]:
    """In chain order; with `limit`, the latest entries."""
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if item_id is not None:
        query = query.where(AuditEntry.item_id == item_id)
    if limit:
        query = query.order_by(None).order_by(AuditEntry.seq.desc()).limit(limit)
    entries = session.scalars(query).all()
    rows = [AuditRow(seq=e.seq, at=e.at, kind=e.kind, kind_label=event_label(e.kind), actor=e.actor_name, item_id=e.item_id, action=e.action,
                     from_state=e.from_state, to_state=e.to_state, reason=e.reason, data=e.data or {}, hash=e.hash)
            for e in entries]
    return sorted(rows, key=lambda r: r.seq)


verify_chain = read_only(audit_chain.verify)
