"""Sign-off requests as people look for them: all, pending, or waiting on one person (also as a deputy)."""
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Load, Session

from models.directory.lookup import Directory
from models.directory.signers import active_delegations, eligible_approvers
from models.domain.approval_policies import POLICIES
from models.domain.clock import utcnow
from models.domain.signatures import signature_meaning
from models.domain.vocabulary import Action
from models.domain.waiting import waited
from models.store.database import read_only
from models.tables.approvals import PENDING, REQUEST_STATUS_LABELS, ApprovalDecision, ApprovalRequest
from models.tables.ledger import Item


class RequestRow(BaseModel):
    id: int
    item_id: int
    item_number: str
    item_text: str
    action: str
    action_label: str
    status: str
    status_label: str
    requested_by: str
    requested_at: datetime
    policy: str
    meaning: str  # what an approval signs: 同意销号, 同意延期至…
    approvers: list[str]  # who may still decide its current stage (pending requests)
    decisions: list[str]


@read_only
def list_requests(session: Session, *, pending_only: bool = False, for_person: str | None = None,
                  today: date | None = None) -> list[RequestRow]:
    """Oldest first. With for_person: what waits on that person — themselves, or as a deputy for a principal."""
    directory = Directory(session)
    # the items come in the same query, bare (no eager loads): a request row needs only their own columns
    query = (select(ApprovalRequest, Item).join(Item, Item.id == ApprovalRequest.item_id)
             .options(Load(Item).lazyload("*")).order_by(ApprovalRequest.requested_at, ApprovalRequest.id))
    if pending_only or for_person:
        query = query.where(ApprovalRequest.status == PENDING)
    principals: set[int] = set()
    if for_person:
        person = directory.person(for_person)
        day = today or utcnow().date()  # the engine's day for a delegation (decisions.py: now.date())
        principals = {person.id} | {d.principal_id for d in active_delegations(directory, person, day)}
    rows = []
    for request, item in session.execute(query):
        approvers = eligible_approvers(directory, item, request) if request.status == PENDING else []
        if for_person and not principals & {p.id for p in approvers}:
            continue
        rows.append(request_row(request, item, approvers))
    return rows


def request_row(request: ApprovalRequest, item: Item, approvers: list) -> RequestRow:
    return RequestRow(
        id=request.id, item_id=item.id, item_number=item.number, item_text=item.text, action=request.action,
        action_label=Action(request.action).label, status=request.status,
        status_label=REQUEST_STATUS_LABELS[request.status], requested_by=request.requested_by.name,
        requested_at=request.requested_at, policy=POLICIES[request.policy].describe(),
        meaning=signature_meaning(Action(request.action), request.payload),
        approvers=[p.name for p in approvers], decisions=[signature_text(d) for d in request.decisions])


def signature_text(decision: ApprovalDecision) -> str:
    """e.g. 李明华（郑国栋代签，领导小组会议 #2）：同意销号"""
    notes = []
    if decision.deputy:
        notes.append(f"{decision.deputy.name}代签")
    if decision.meeting_id:
        notes.append(f"领导小组会议 #{decision.meeting_id}")
    return f"{decision.person.name}{'（' + '，'.join(notes) + '）' if notes else ''}：{decision.meaning}"


def pending_table(rows: list[RequestRow], now: datetime) -> list[dict]:
    """The pending requests as the table approvers read (Prefect's pending-signoffs artifact), oldest first."""
    return [{"审批申请": r.id, "事项": f"#{r.item_id}（{r.item_number}）", "问题": r.item_text[:60],
             "申请事项": r.action_label, "申请人": r.requested_by, "已等待": waited(r.requested_at, now),
             "审批要求": r.policy, "可审批人": "、".join(r.approvers), "同意即签署": r.meaning,
             "已签署": "；".join(r.decisions)} for r in rows]
