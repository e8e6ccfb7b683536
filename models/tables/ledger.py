"""The ledger: campaigns, their aspects, items (one specific problem each), measures, stage targets."""
import contextvars
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.domain.clock import utcnow
from models.domain.reminder_policy import ReminderPolicy
from models.domain.vocabulary import State
from models.tables.base import Base
from models.tables.organisation import Person, Unit

_state_changes_allowed = contextvars.ContextVar("state_changes_allowed", default=False)


@contextmanager
def state_changes_allowed():
    """Only the engine (and the importer, recording the starting state) opens this door."""
    token = _state_changes_allowed.set(True)
    try:
        yield
    finally:
        _state_changes_allowed.reset(token)


class StateAssignedOutsideEngine(RuntimeError):
    pass


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), unique=True)
    source_type: Mapped[str] = mapped_column(String(10))  # 巡视/巡察/审计/督查/自查
    feedback_date: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)  # end of the concentrated rectification period
    # what the report says of the campaign (models/domain/campaign_facts.py); None: not known yet, never guessed
    inspecting_body: Mapped[str | None] = mapped_column(String(200))  # 市委第一巡察组, 市审计局
    inspected_body: Mapped[str | None] = mapped_column(String(200))  # 市退役军人事务局党组
    inspection_start: Mapped[date | None] = mapped_column(Date)
    inspection_end: Mapped[date | None] = mapped_column(Date)
    instruction: Mapped[str | None] = mapped_column(Text)  # 市委巡察办《关于…的通知》
    source_digest: Mapped[str | None] = mapped_column(String(64))  # of the imported ledger's content
    # weekly progress collection: when a round opens and when it is due (cron in collect_timezone)
    collect_open_cron: Mapped[str] = mapped_column(String(100), default="0 9 * * 1")
    collect_due_cron: Mapped[str] = mapped_column(String(100), default="0 17 * * 4")
    collect_timezone: Mapped[str] = mapped_column(String(50), default="Asia/Shanghai")
    reminder_policy: Mapped[dict] = mapped_column(JSON, default=dict)  # overrides of ReminderPolicy's defaults
    column_mapping: Mapped[dict] = mapped_column(JSON, default=dict)  # how its ledger's headers were to be read
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def reminders(self) -> ReminderPolicy:
        return ReminderPolicy(**(self.reminder_policy or {}))

    aspects: Mapped[list["Aspect"]] = relationship(
        back_populates="campaign", order_by="Aspect.position", cascade="all, delete-orphan"
    )


class Aspect(Base):
    __tablename__ = "aspect"
    __table_args__ = (UniqueConstraint("campaign_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))

    campaign: Mapped[Campaign] = relationship(back_populates="aspects")


class ItemCooperatingUnit(Base):
    __tablename__ = "item_cooperating_unit"
    __table_args__ = (UniqueConstraint("item_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit] = relationship(lazy="joined")


class ItemLeader(Base):
    """A responsible leader of an item (责任领导): a ledger may name several, the first answering first."""

    __tablename__ = "item_leader"
    __table_args__ = (UniqueConstraint("item_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[Person] = relationship(lazy="joined")


class Item(Base):
    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),
                      Index("ix_item_campaign_position", "campaign_id", "position"))  # ledger order, page by page

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    aspect_id: Mapped[int] = mapped_column(ForeignKey("aspect.id"))
    position: Mapped[int] = mapped_column(Integer)  # order within the campaign
    number: Mapped[str] = mapped_column(String(30))  # 序号 as in the ledger
    text: Mapped[str] = mapped_column(Text)
    parent_text: Mapped[str | None] = mapped_column(Text)  # the feedback problem (反馈问题) it is a concrete form of
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    deadline_text: Mapped[str | None] = mapped_column(String(100))  # as written in the ledger
    deadline_kind: Mapped[str] = mapped_column(String(10), default="date")  # date/immediate/ongoing/none
    state: Mapped[str] = mapped_column(String(20), index=True)
    remarks: Mapped[str | None] = mapped_column(Text)
    # collective cooperating units (相关预算单位) the directory could not spell out: kept as written, sent nothing
    cooperating_as_written: Mapped[list[str]] = mapped_column(JSON, default=list)
    problem_amount: Mapped[float | None] = mapped_column(Float)  # 问题金额, 万元
    rectified_amount: Mapped[float | None] = mapped_column(Float)  # 整改到位金额, 万元
    source_row: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    campaign: Mapped[Campaign] = relationship(lazy="joined")
    aspect: Mapped[Aspect] = relationship(lazy="joined")
    lead_unit: Mapped[Unit] = relationship(lazy="joined")
    leader: Mapped[Person | None] = relationship(lazy="joined")  # the first of `leaders`
    leader_links: Mapped[list[ItemLeader]] = relationship(
        order_by=ItemLeader.position, cascade="all, delete-orphan", lazy="selectin"
    )
    # loaded when first used: most transitions touch none of them
    cooperating: Mapped[list[ItemCooperatingUnit]] = relationship(
        order_by=ItemCooperatingUnit.position, cascade="all, delete-orphan"
    )
    measures: Mapped[list["Measure"]] = relationship(order_by="Measure.position", cascade="all, delete-orphan")
    stage_targets: Mapped[list["StageTarget"]] = relationship(
        order_by="StageTarget.position", cascade="all, delete-orphan"
    )

    @validates("state")
    def _only_transitions_set_the_state(self, key, value):
        if not _state_changes_allowed.get():
            raise StateAssignedOutsideEngine("an item's state changes only through the engine")
        return State(value).value

    @property
    def current_state(self) -> State:
        return State(self.state)

    @property
    def ref(self) -> str:
        return f"事项 #{self.id}"

    @property
    def cooperating_units(self) -> list[Unit]:
        return [c.unit for c in self.cooperating]

    @property
    def cooperating_names(self) -> list[str]:
        """The cooperating units as the ledger names them: the directory's, then collectives kept as written."""
        return [u.name for u in self.cooperating_units] + list(self.cooperating_as_written or [])

    @property
    def leaders(self) -> list[Person]:
        """Every responsible leader named for the item, in the ledger's order."""
        return [link.person for link in self.leader_links]

    @property
    def leader_names(self) -> str | None:
        return "、".join(p.name for p in self.leaders) or None


class ItemPart:
    """A numbered part of an item, deleted with it: its measures (措施) and stage targets (阶段目标)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Measure(ItemPart, Base):
    __tablename__ = "measure"

    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    deadline_text: Mapped[str | None] = mapped_column(String(100))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(10), default="measure")  # measure (整改措施) / target (整改目标)


class StageTarget(ItemPart, Base):
    __tablename__ = "stage_target"

    due: Mapped[date | None] = mapped_column(Date)
