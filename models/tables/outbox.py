"""One message to one recipient at one address, written in the transaction that caused it."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.domain.clock import utcnow
from models.tables.base import Base

PENDING, SENDING, SENT, FAILED, DEAD = "pending", "sending", "sent", "failed", "dead"
OUTBOX_STATUS_LABELS = {PENDING: "待发送", SENDING: "发送中", SENT: "已发送", FAILED: "失败待重试", DEAD: "发送失败"}


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (
        UniqueConstraint("audit_seq", "recipient", "address"),
        Index("ix_outbox_message_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_seq: Mapped[int] = mapped_column(ForeignKey("audit_entry.seq"))
    event: Mapped[str] = mapped_column(String(40))  # names the template
    person_id: Mapped[int | None] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(1000), default="")  # empty: the fallback channel
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    attachments: Mapped[list[str]] = mapped_column(JSON, default=list)  # file paths
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column()  # a dispatcher's lease on a sending row
    claim_token: Mapped[str | None] = mapped_column(String(36))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
