"""A leading-group meeting as recorded: when, who chaired and attended, its minutes, and what it decided."""
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.refusals import NotFound
from models.domain.vocabulary import Action
from models.queries.campaign_record import LeadingGroup, leading_group
from models.queries.requests import RequestRow, list_requests, signature_text
from models.store.database import read_only
from models.tables.approvals import REQUEST_STATUS_LABELS, ApprovalDecision, ApprovalRequest
from models.tables.ledger import Item
from models.tables.meetings import Meeting
from models.tables.organisation import Person


class MeetingDecision(BaseModel):
    request_id: int
    item_id: int
    item_number: str
    item_text: str
    action_label: str
    decision: str  # approve / reject
    status_label: str  # the request's status now (已批准, 已退回, 待审批: a later stage still waits)
    signatures: list[str]  # 组长：同意销号, …
    reason: str | None  # a rejection's


class MeetingRecord(BaseModel):
    id: int
    held_on: date
    chair: str
    attendees: list[str]
    minutes_filename: str | None
    minutes_sha256: str | None
    recorded_at: datetime
    decisions: list[MeetingDecision]


@read_only
def meeting_record(session: Session, meeting_id: int) -> MeetingRecord:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"没有领导小组会议 #{meeting_id}")
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(meeting.attendee_ids))).all())
    signed = session.scalars(select(ApprovalDecision).where(ApprovalDecision.meeting_id == meeting_id)
                             .order_by(ApprovalDecision.request_id, ApprovalDecision.id)).all()
    by_request: dict[int, list[ApprovalDecision]] = {}
    for decision in signed:
        by_request.setdefault(decision.request_id, []).append(decision)
    rows = session.execute(select(ApprovalRequest, Item).join(Item, Item.id == ApprovalRequest.item_id)
                           .where(ApprovalRequest.id.in_(by_request)).order_by(ApprovalRequest.id)).all()
    return MeetingRecord(
        id=meeting.id, held_on=meeting.held_on, chair=meeting.chair.name,
        attendees=[names[i] for i in meeting.attendee_ids if i in names],
        minutes_filename=meeting.minutes_filename, minutes_sha256=meeting.minutes_sha256,
        recorded_at=meeting.recorded_at,
        decisions=[MeetingDecision(
            request_id=request.id, item_id=item.id, item_number=item.number, item_text=item.text,
            action_label=Action(request.action).label, decision=by_request[request.id][0].decision,
            status_label=REQUEST_STATUS_LABELS[request.status],
            signatures=[signature_text(d) for d in by_request[request.id]],
            reason=next((d.comment for d in by_request[request.id] if d.decision == "reject"), None))
            for request, item in rows])


@read_only
def the_leading_group(session: Session) -> LeadingGroup:
    """Who may chair or attend a meeting (campaign_record.leading_group, read in a session of its own)."""
    return leading_group(session)


@read_only
def meeting_agenda(session: Session) -> list[RequestRow]:
    """The pending requests a leading-group meeting can decide: those some member of it may still sign, oldest
    first (a verification waits on the office, not on the leading group)."""
    group = leading_group(session)
    members = {group.chair, *group.members} - {None}
    return [row for row in list_requests(session, pending_only=True) if members & set(row.approvers)]
