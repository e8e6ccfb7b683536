"""Read-only views for listings and reports (never imports Prefect, never writes)."""
from collections import Counter, defaultdict
from datetime import date

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from models.domain.approval_policies import POLICIES
from models.tables.approvals import PENDING, REQUEST_STATUS_LABELS, ApprovalRequest, waiting_for
from models.tables.audit import AuditEntry
from models.store.collector import collector_paused
from models.tables.ledger import Aspect, Campaign, Item, ItemCooperatingUnit
from models.queries.lights import lights_for
from models.tables.organisation import Person, Unit
from models.tables.outbox import DEAD, FAILED, OUTBOX_STATUS_LABELS, OutboxMessage
from models.tables.progress import Evidence, ProgressEntry
from models.domain.refusals import NotFound
from models.domain.vocabulary import AWAITING_VERIFICATION, REPORT_LABELS, Action, State

OPEN_STATES = (State.assigned.value, State.in_progress.value, State.long_term.value)


class ItemRow(BaseModel):
    id: int
    campaign: str
    aspect: str
    number: str
    text: str
    lead_unit: str
    cooperating_units: list[str]
    leader: str | None
    deadline: date | None
    deadline_text: str | None
    state: str
    state_label: str
    awaiting: str | None  # e.g. 待验收 while a verify request waits
    overdue: bool
    light: str | None  # red / yellow / green (models/lights.py); None when closed
    version: int


def pending_by_item(session: Session, item_ids: list[int]) -> dict[int, list[str]]:
    pending: dict[int, list[str]] = defaultdict(list)
    for item_id, action, _ in waiting_for(session, item_ids):
        pending[item_id].append(action)
    return pending


def awaiting_label(actions: list[str]) -> str | None:
    if Action.verify.value in actions:
        return AWAITING_VERIFICATION
    return "、".join(f"待审批{Action(a).label}" for a in actions) or None


def is_overdue(item: Item, today: date) -> bool:
    return item.deadline is not None and item.deadline < today and item.state in OPEN_STATES


def item_row(item: Item, pending: list[str], today: date, light: str | None) -> ItemRow:
    return ItemRow(id=item.id, campaign=item.campaign.title, aspect=item.aspect.title, number=item.number,
                   text=item.text, lead_unit=item.lead_unit.name,
                   cooperating_units=[u.name for u in item.cooperating_units],
                   leader=item.leader.name if item.leader else None, deadline=item.deadline,
                   deadline_text=item.deadline_text, state=item.state, state_label=item.current_state.label,
                   awaiting=awaiting_label(pending), overdue=is_overdue(item, today), light=light,
                   version=item.version)


class ItemPage(BaseModel):
    rows: list[ItemRow]
    total: int  # items matching, before the page was cut


@collector_paused()
def list_items(session: Session, today: date, *, campaign: str | None = None, unit: str | None = None,
               state: State | None = None, overdue: bool = False, light: str | None = None,
               limit: int | None = None, offset: int = 0) -> ItemPage:
    """Items in ledger order. A page (limit/offset) is cut in SQL unless a light is asked for: lights are
    computed, so then every matching item is."""
    query = (select(Item).join(Campaign).options(selectinload(Item.cooperating))
             .order_by(Item.campaign_id, Item.position))
    if campaign:
        query = query.where(campaign_matches(campaign))
    if unit:
        cooperating = select(ItemCooperatingUnit.item_id).join(Unit).where(Unit.name == unit)
        query = query.where(or_(Item.lead_unit.has(Unit.name == unit), Item.id.in_(cooperating)))
    if state:
        query = query.where(Item.state == state.value)
    if overdue:
        query = query.where(Item.deadline < today, Item.state.in_(OPEN_STATES))
    total = None
    if light is None and (limit is not None or offset):
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        query = query.limit(limit).offset(offset)
    items = session.scalars(query).unique().all()
    pending = pending_by_item(session, [i.id for i in items])
    lights = lights_for(session, items, today)
    rows = [item_row(i, pending.get(i.id, []), today, lights[i.id]) for i in items
            if light is None or lights[i.id] == light]
    if total is not None:
        return ItemPage(rows=rows, total=total)
    return ItemPage(rows=rows[offset:None if limit is None else offset + limit], total=len(rows))


def campaign_matches(ref: str):
    """A campaign named by its title, or by its number ("3" or "#3")."""
    number = int(ref.lstrip("#")) if ref.lstrip("#").isdigit() else None
    return or_(Campaign.title == ref, Campaign.id == number)


class ItemDetail(BaseModel):
    item: ItemRow
    measures: list[dict]
    stage_targets: list[dict]
    progress: list[dict]
    evidence: list[dict]
    requests: list[dict]


def item_detail(session: Session, item_id: int, today: date) -> ItemDetail:
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound(f"没有事项 #{item_id}")
    requests = session.scalars(select(ApprovalRequest).where(ApprovalRequest.item_id == item_id)
                               .order_by(ApprovalRequest.id)).all()
    progress = session.scalars(select(ProgressEntry).where(ProgressEntry.item_id == item_id)
                               .order_by(ProgressEntry.reported_at, ProgressEntry.id)).all()
    evidence = session.scalars(select(Evidence).where(Evidence.item_id == item_id).order_by(Evidence.id)).all()
    return ItemDetail(
        item=item_row(item, [r.action for r in requests if r.status == PENDING], today,
                      lights_for(session, [item], today)[item.id]),
        measures=[{"position": m.position, "text": m.text, "deadline": m.deadline, "done": m.done}
                  for m in item.measures],
        stage_targets=[{"position": t.position, "text": t.text, "due": t.due} for t in item.stage_targets],
        progress=[{"at": p.reported_at, "unit": p.unit.name, "person": p.person.name if p.person else None,
                   "text": p.text, "percent": p.percent} for p in progress],
        evidence=[{"filename": e.filename, "sha256": e.sha256, "size": e.size, "at": e.added_at} for e in evidence],
        requests=[{"id": r.id, "action": Action(r.action).label, "status": REQUEST_STATUS_LABELS[r.status],
                   "requested_by": r.requested_by.name, "at": r.requested_at} for r in requests],
    )


class RequestRow(BaseModel):
    id: int
    item_id: int
    item_number: str
    action: str
    action_label: str
    status: str
    status_label: str
    requested_by: str
    requested_at: object
    policy: str
    decisions: list[str]


def list_requests(session: Session, *, pending_only: bool = False, for_person: Person | None = None,
                  today: date | None = None) -> list[RequestRow]:
    """Oldest first. With for_person: what waits on that person — themselves, or as a deputy for a principal."""
    from models.engine.items import eligible_approvers  # the engine decides who may approve
    from models.directory.signers import active_delegations

    query = select(ApprovalRequest).order_by(ApprovalRequest.requested_at, ApprovalRequest.id)
    if pending_only or for_person:
        query = query.where(ApprovalRequest.status == PENDING)
    principals = {for_person.id} | {d.principal_id for d in active_delegations(session, for_person, today)} \
        if for_person else set()
    rows = []
    for request in session.scalars(query):
        item = session.get(Item, request.item_id)
        if for_person and not principals & {p.id for p in eligible_approvers(session, item, request)}:
            continue
        rows.append(RequestRow(
            id=request.id, item_id=item.id, item_number=item.number, action=request.action,
            action_label=Action(request.action).label, status=request.status,
            status_label=REQUEST_STATUS_LABELS[request.status], requested_by=request.requested_by.name,
            requested_at=request.requested_at, policy=POLICIES[request.policy].describe(),
            decisions=[signature_text(d) for d in request.decisions]))
    return rows


def signature_text(decision) -> str:
    """e.g. 李明华（郑国栋代签，领导小组会议 #2）：同意销号"""
    notes = []
    if decision.deputy:
        notes.append(f"{decision.deputy.name}代签")
    if decision.meeting_id:
        notes.append(f"领导小组会议 #{decision.meeting_id}")
    return f"{decision.person.name}{'（' + '，'.join(notes) + '）' if notes else ''}：{decision.meaning}"


class SummaryRow(BaseModel):
    campaign: str
    source_type: str
    aspect: str
    counts: dict[str, int]  # report label -> count
    total: int
    lights: dict[str, int] = {}  # red / yellow / green -> count (with a day given)


def summary(session: Session, campaign: str | None = None, today: date | None = None) -> list[SummaryRow]:
    query = (select(Aspect.id, Campaign.title, Campaign.source_type, Aspect.title).join(Campaign)
             .order_by(Campaign.id, Aspect.position))
    if campaign:
        query = query.where(campaign_matches(campaign))
    aspects = session.execute(query).all()
    counts: dict[int, Counter] = defaultdict(Counter)
    for aspect_id, state in session.execute(select(Item.aspect_id, Item.state)):
        counts[aspect_id][state] += 1
    by_light: dict[int, Counter] = defaultdict(Counter)
    if today is not None:
        items = session.scalars(select(Item)).all()
        aspect_of = {i.id: i.aspect_id for i in items}
        for item_id, colour in lights_for(session, items, today).items():
            if colour:
                by_light[aspect_of[item_id]][colour.value] += 1
    return [SummaryRow(campaign=c, source_type=source, aspect=a,
                       counts={REPORT_LABELS[s]: counts[aid][s.value] for s in REPORT_LABELS},
                       total=sum(counts[aid].values()), lights=dict(by_light[aid])) for aid, c, source, a in aspects]


def list_messages(session: Session, failed_only: bool = False, limit: int = 200) -> list[dict]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if failed_only:
        query = query.where(OutboxMessage.status.in_((FAILED, DEAD)))
    return [{"id": m.id, "event": m.event, "recipient": m.recipient,
             "channel": m.address.split("://")[0] if m.address else "默认渠道", "status": m.status,
             "status_label": OUTBOX_STATUS_LABELS[m.status], "attempts": m.attempts, "last_error": m.last_error,
             "created_at": m.created_at, "sent_at": m.sent_at} for m in session.scalars(query)]


def audit_log(session: Session, item_id: int | None = None, limit: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if item_id is not None:
        query = query.where(AuditEntry.item_id == item_id)
    if limit:
        query = query.order_by(None).order_by(AuditEntry.seq.desc()).limit(limit)
        return list(reversed(session.scalars(query).all()))
    return list(session.scalars(query))
