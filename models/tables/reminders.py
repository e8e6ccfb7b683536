"""What reminders were sent: at most one per (kind, subject, rung, day)."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.domain.clock import utcnow
from models.tables.base import Base


class ReminderSent(Base):
    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("kind", "subject", "rung", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # due_soon, overdue, approval_waiting, stage_target, follow_up
    subject: Mapped[str] = mapped_column(String(40))  # item:12, measure:7, request:5, target:3
    rung: Mapped[int] = mapped_column(Integer)  # the escalation step or threshold
    day: Mapped[date] = mapped_column(Date)
    item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    audit_seq: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
