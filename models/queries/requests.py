"""Sign-off requests as people look for them: all, pending, or waiting on one person (also as a deputy)."""
from collections import defaultdict
from datetime import date, datetime
from functools import cache

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Load, Session

from models.directory.lookup import Directory
from models.directory.signers import active_delegations, eligible_approvers, eligible_for
from models.domain.approval_policies import POLICIES
from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
from models.domain.signatures import signature_meaning
from models.domain.vocabulary import Action, State
from models.domain.waiting import waited
from models.store.batches import batched
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
    return request_rows(session, request_ids(session, pending_only=pending_only, for_person=for_person, today=today))


@read_only
def request_ids(session: Session, *, pending_only: bool = False, for_person: str | None = None,
                today: date | None = None, decided_only: bool = False) -> list[int]:
    """The requests list_requests answers, oldest first, found from a few columns of each: a page of an inbox
    of thousands then loads only its own rows (request_rows). decided_only: those no longer pending."""
    query = (select(ApprovalRequest.id, Item.state, ApprovalRequest.action, ApprovalRequest.policy,
                    ApprovalRequest.stage_index, Item.lead_unit_id, ApprovalRequest.requested_by_id)
             .join(Item, Item.id == ApprovalRequest.item_id)
             .order_by(ApprovalRequest.requested_at, ApprovalRequest.id))
    if pending_only or for_person:
        query = query.where(ApprovalRequest.status == PENDING)
    elif decided_only:
        query = query.where(ApprovalRequest.status != PENDING)
    if not for_person:
        return list(session.scalars(query.with_only_columns(ApprovalRequest.id)))
    directory = Directory(session)
    person = directory.person(for_person)
    day = today or local_day(utcnow(), DEFAULT_ZONE)  # the office's day, as the engine judges a delegation
    principals = {person.id} | {d.principal_id for d in active_delegations(directory, person, day)}
    decided: dict[int, set[int]] = defaultdict(set)
    for request_id, person_id in session.execute(
            select(ApprovalDecision.request_id, ApprovalDecision.person_id)
            .join(ApprovalRequest, ApprovalRequest.id == ApprovalDecision.request_id)
            .where(ApprovalRequest.status == PENDING)):
        decided[request_id].add(person_id)

    @cache  # requests alike in these columns have the same approvers: a few hundred sets for thousands of requests
    def mine(state: str, action: str, policy: str, stage: int, lead_unit_id: int, requester_id: int) -> frozenset:
        """The principals (the person, or whom they stand in for) who may approve such a request."""
        by_role = eligible_for(directory, POLICIES[policy].stages[stage], state=State(state), action=Action(action),
                               lead_unit_id=lead_unit_id, requester_id=requester_id)
        return frozenset(p.id for people in by_role.values() for p in people if p.id in principals)

    nobody: frozenset = frozenset()
    return [request_id for request_id, *columns in session.execute(query).tuples()  # plain tuples: 10,000s of rows
            if (waiting := mine(*columns)) and not waiting <= decided.get(request_id, nobody)]


@read_only
def request_rows(session: Session, ids: list[int]) -> list[RequestRow]:
    """These requests as rows, in this order, each with its item (read bare: a row needs only its columns)."""
    directory, found = Directory(session), {}
    for chunk in batched(ids):
        query = (select(ApprovalRequest, Item).join(Item, Item.id == ApprovalRequest.item_id)
                 .options(Load(Item).lazyload("*")).where(ApprovalRequest.id.in_(chunk)))
        for request, item in session.execute(query):
            approvers = eligible_approvers(directory, item, request) if request.status == PENDING else []
            found[request.id] = request_row(request, item, approvers)
    return [found[i] for i in ids if i in found]


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
