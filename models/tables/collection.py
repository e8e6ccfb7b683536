"""Weekly progress collection: one round per campaign per ISO week, and each unit asked in it."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.domain.clock import utcnow
from models.tables.base import Base
from models.tables.ledger import Campaign
from models.tables.organisation import Unit


class CollectionRound(Base):
    __tablename__ = "collection_round"
    __table_args__ = (UniqueConstraint("campaign_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))  # ISO week, e.g. 2026-W48
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    summary_path: Mapped[str | None] = mapped_column(String(500))

    campaign: Mapped[Campaign] = relationship(lazy="joined")
    # loaded when asked for: a province's round has 2,000 unit rows, and most readers of a round want a few of them
    units: Mapped[list["RoundUnit"]] = relationship(order_by="RoundUnit.id", back_populates="round")

    @property
    def ref(self) -> str:
        return f"{self.campaign.title} {self.week} 报送"


class RoundUnit(Base):
    """A unit asked in a round. asked_at / chased_at are set in the transaction that queued the message,
    so a round run again after a crash asks and chases every unit exactly once."""

    __tablename__ = "round_unit"
    __table_args__ = (UniqueConstraint("round_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("collection_round.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    item_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # the unit's open items when the round opened
    form_path: Mapped[str | None] = mapped_column(String(500))
    # what the form showed, to check a returned form against; read only then (every light reads the round's rows)
    form_spec: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    asked_at: Mapped[datetime | None] = mapped_column()
    chased_at: Mapped[datetime | None] = mapped_column()

    round: Mapped[CollectionRound] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship(lazy="joined")
