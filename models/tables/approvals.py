"""Sign-off: a request for an action that needs approval, and the decisions taken on it."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.domain.clock import utcnow
from models.tables.base import Base
from models.tables.organisation import Person

PENDING, APPROVED, REJECTED, LAPSED = "pending", "approved", "rejected", "lapsed"
REQUEST_STATUS_LABELS = {PENDING: "待审批", APPROVED: "已批准", REJECTED: "已退回", LAPSED: "已失效"}


class ApprovalRequest(Base):
    __tablename__ = "approval_request"
    __table_args__ = (
        # at most one pending request per item and action
        Index(
            "uq_approval_request_pending", "item_id", "action", unique=True,
            sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    policy: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    snapshot_hash: Mapped[str] = mapped_column(String(64))  # the item as it was when requested
    payload: Mapped[dict] = mapped_column(JSON, default=dict)  # reason, new deadline, stage targets…
    stage_index: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column()
    closing_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    requested_by: Mapped[Person] = relationship(lazy="joined")
    decisions: Mapped[list["ApprovalDecision"]] = relationship(
        order_by="ApprovalDecision.id", lazy="selectin", back_populates="request"
    )

    @property
    def ref(self) -> str:
        return f"审批申请 #{self.id}"


class ApprovalDecision(Base):
    __tablename__ = "approval_decision"
    __table_args__ = (UniqueConstraint("request_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("approval_request.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    role: Mapped[str] = mapped_column(String(20))  # the role the person signed in
    decision: Mapped[str] = mapped_column(String(10))  # approve / reject
    meaning: Mapped[str] = mapped_column(String(100))  # 同意销号 / 退回 …
    comment: Mapped[str | None] = mapped_column(Text)
    stage_index: Mapped[int] = mapped_column(Integer)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))  # signed for person_id (代签)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))  # decided at this meeting

    request: Mapped[ApprovalRequest] = relationship(back_populates="decisions")
    person: Mapped[Person] = relationship(lazy="joined", foreign_keys=[person_id])
    deputy: Mapped[Person | None] = relationship(lazy="joined", foreign_keys=[deputy_id])

