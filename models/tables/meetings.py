"""Leading-group meetings that decide requests in a batch, and delegations of sign-off (代签)."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.domain.clock import utcnow
from models.tables.base import Base
from models.tables.organisation import Person


class Meeting(Base):
    """A leading-group meeting (逐项逐条听取、对账销号) and its minutes."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    chair_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    attendee_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # the chair included
    minutes_sha256: Mapped[str | None] = mapped_column(String(64))
    minutes_filename: Mapped[str | None] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    chair: Mapped[Person] = relationship(lazy="joined")

    @property
    def ref(self) -> str:
        return f"领导小组会议 #{self.id}（{self.held_on}）"


class Delegation(Base):
    """A member lets a named deputy sign in their place for a date range (both ends included)."""

    __tablename__ = "delegation"

    id: Mapped[int] = mapped_column(primary_key=True)
    principal_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    deputy_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()

    principal: Mapped[Person] = relationship(foreign_keys=[principal_id], lazy="joined")
    deputy: Mapped[Person] = relationship(foreign_keys=[deputy_id], lazy="joined")

    def covers(self, day: date) -> bool:
        return self.revoked_at is None and self.starts <= day <= self.ends
