"""What units report: progress entries and the evidence files behind them."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.domain.clock import utcnow
from models.tables.base import Base
from models.tables.organisation import Person, Unit


class ProgressEntry(Base):
    __tablename__ = "progress_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))  # a cooperating unit keeps its own entries
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))  # None: taken from the ledger file
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    week: Mapped[str | None] = mapped_column(String(10))  # ISO week of a collection round, e.g. 2026-W48
    done: Mapped[bool] = mapped_column(Boolean, default=False)  # reports work completed (the report's 一是…二是…)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measure.id", ondelete="SET NULL"))  # the measure it is about
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship(lazy="joined")
    person: Mapped[Person | None] = relationship(lazy="joined")


class Evidence(Base):
    """One evidence file attached to an item; the bytes live in the data directory by sha256."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    progress_entry_id: Mapped[int | None] = mapped_column(ForeignKey("progress_entry.id"))
    audit_seq: Mapped[int | None] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

