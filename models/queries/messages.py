"""The outbox as the office looks at it: what was sent, to whom, by which channel, and what failed."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.addresses import channel_label
from models.store.database import read_only
from models.tables.outbox import DEAD, FAILED, OUTBOX_STATUS_LABELS, OutboxMessage


class MessageRow(BaseModel):
    id: int
    event: str
    recipient: str
    channel: str
    status: str
    status_label: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


@read_only
def list_messages(session: Session, failed_only: bool = False, limit: int = 200) -> list[MessageRow]:
    """Newest first."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if failed_only:
        query = query.where(OutboxMessage.status.in_((FAILED, DEAD)))
    return [MessageRow(id=m.id, event=m.event, recipient=m.recipient,
                       channel=channel_label(m.address) if m.address else "默认渠道", status=m.status,
                       status_label=OUTBOX_STATUS_LABELS[m.status], attempts=m.attempts, last_error=m.last_error,
                       created_at=m.created_at, sent_at=m.sent_at) for m in session.scalars(query)]
