"""Items as listings and the item page show them (read-only: never imports Prefect, never writes)."""
from collections import defaultdict
from datetime import date
from typing import NamedTuple

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from models.domain.events import LIGHTS_UNCHANGED_BY
from models.domain.refusals import NotFound
from models.domain.transitions import allowed_actions
from models.domain.vocabulary import AWAITING_VERIFICATION, OPEN_STATES, Action, State
from models.queries.item_filter import ItemFilter, item_conditions
from models.queries.item_names import item_names
from models.queries.lights import calendar_unknown, lights_for
from models.queries.progress import waiting_for
from models.queries.readers import Reader, readable
from models.store.batches import streamed
from models.store.collector import collector_paused
from models.store.database import read_only
from models.store.kept_answers import unchanged_since_built
from models.tables.approvals import REQUEST_STATUS_LABELS, ApprovalRequest
from models.tables.ledger import Aspect, Campaign, Item
from models.tables.organisation import Unit
from models.tables.progress import Evidence, ProgressEntry


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
    light: str | None  # red / yellow / green (models/domain/lights.py); None when closed
    version: int


def pending_by_item(session: Session, item_ids: list[int]) -> dict[int, list[str]]:
    pending: dict[int, list[str]] = defaultdict(list)
    for item_id, action, _ in waiting_for(session, item_ids):
        pending[item_id].append(action)
    return pending


def awaiting_label(actions: list[str]) -> str | None:
    if not actions:
        return None
    if Action.verify.value in actions:
        return AWAITING_VERIFICATION
    return "、".join(f"待审批{Action(a).label}" for a in actions) or None


def is_overdue(item, today: date) -> bool:
    """`item`: an Item, or a row with its deadline and state."""
    return item.deadline is not None and item.deadline < today and item.state in OPEN_STATES


# What a listing's row shows, read as plain rows: a province's 100,000 items as ORM objects took 10 s and 900 MB
LISTED = (Item.id, Item.campaign_id, Campaign.title.label("campaign"), Aspect.title.label("aspect"), Item.number,
          Item.text, Unit.name.label("lead_unit"), Item.lead_unit_id, Item.deadline, Item.deadline_text, Item.state,
          Item.version, Item.cooperating_as_written)


def item_row(item: Row, cooperating: list[str], leaders: list[str], pending: list[str], today: date,
             light: str | None) -> ItemRow:
    """`item`: a row of LISTED; `cooperating`, `leaders`: as item_names reads them."""
    return ItemRow(id=item.id, campaign=item.campaign, aspect=item.aspect, number=item.number, text=item.text,
                   lead_unit=item.lead_unit, cooperating_units=cooperating + list(item.cooperating_as_written or []),
                   leader="、".join(leaders) or None, deadline=item.deadline, deadline_text=item.deadline_text,
                   state=item.state, state_label=State(item.state).label, awaiting=awaiting_label(pending),
                   overdue=is_overdue(item, today), light=light, version=item.version)


class ItemBrief(NamedTuple):
    """What a line about an item shows (a tuple: a database row's field, read by name, costs fifteen times more,
    and a weekly round reads each of a province's 100,000 items' fields several times)."""
    id: int
    number: str
    text: str
    lead_unit_id: int
    lead_unit: str
    deadline: date | None
    deadline_text: str | None
    state: str


def item_lines(session: Session, *conditions: ColumnElement[bool]) -> list[ItemBrief]:
    """The items meeting `conditions` as lines — id, number, text, lead unit (lead_unit_id and its name as
    lead_unit), deadline, deadline_text, state — in ledger order: a province's 100,000 as ORM objects with their
    joins were most of a weekly round's time and memory."""
    return [ItemBrief(*row) for row in session.connection().execute(
        select(Item.id, Item.number, Item.text, Item.lead_unit_id, Unit.name, Item.deadline, Item.deadline_text,
               Item.state).join(Unit, Unit.id == Item.lead_unit_id)
        .where(*conditions).order_by(Item.campaign_id, Item.position))]


class ItemPage(BaseModel):
    rows: list[ItemRow]
    total: int  # items matching, before the page was cut
    calendar_unknown: list[int] = []  # years a light needed whose holiday calendar is not imported: those unlit


@read_only
@collector_paused()
def list_items(session: Session, today: date, *, campaign: str | None = None, aspect: str | None = None,
               unit: str | None = None, state: State | None = None, overdue: bool = False,
               light: str | None = None, limit: int | None = None, offset: int = 0,
               narrowed: tuple[ColumnElement[bool], ...] = ()) -> ItemPage:
    """Items in ledger order. A page (limit/offset) is cut in SQL unless a light is asked for: lights are
    computed, so then every matching item is."""
    wanted = ItemFilter(campaign=campaign, aspect=aspect, unit=unit, state=state, overdue=overdue, light=light)
    conditions = [*item_conditions(wanted, today), *narrowed]  # `narrowed`: conditions of the caller's own
    query = (select(*LISTED).join(Campaign, Campaign.id == Item.campaign_id).join(Aspect, Aspect.id == Item.aspect_id)
             .join(Unit, Unit.id == Item.lead_unit_id).where(*conditions).order_by(Item.campaign_id, Item.position))
    total = None
    if light is None and (limit is not None or offset):
        count = select(func.count(Item.id)).where(*conditions)
        # a page of a province's ledger costs less than counting it: the count is kept while nothing changes
        total = session.scalar(count) if narrowed else unchanged_since_built(
            session, ("items_total", wanted.model_dump_json(), today), lambda: session.scalar(count),
            LIGHTS_UNCHANGED_BY)
        query = query.limit(limit).offset(offset)
    items = list(streamed(session, query))
    ids = [i.id for i in items]
    cooperating, leaders = item_names(session, ids if total is not None else select(Item.id).where(*conditions))
    pending = pending_by_item(session, ids)
    lights = lights_for(session, items, today)
    rows = [item_row(i, cooperating.get(i.id, []), leaders.get(i.id, []), pending.get(i.id, []), today, lights[i.id])
            for i in items if light is None or lights[i.id] == light]
    unknown = calendar_unknown(session)
    if total is not None:
        return ItemPage(rows=rows, total=total, calendar_unknown=unknown)
    return ItemPage(rows=rows[offset:None if limit is None else offset + limit], total=len(rows),
                    calendar_unknown=unknown)


@read_only
def readable_items(session: Session, who: Reader, today: date, wanted: ItemFilter, *, limit: int | None = None,
                   offset: int = 0) -> ItemPage:
    """The listing as `who` may read it (models/queries/readers.py: readable)."""
    scoped = readable(who, wanted)
    if scoped is None:
        return ItemPage(rows=[], total=0)
    return list_items(session, today, **scoped.model_dump(), limit=limit, offset=offset)


class ItemDetail(BaseModel):
    item: ItemRow
    measures: list[dict]
    stage_targets: list[dict]
    progress: list[dict]
    evidence: list[dict]
    requests: list[dict]
    actions: list[Action]  # what the transition table allows in its state (who may is the engine's to say)


@read_only
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
        item=list_items(session, today, narrowed=(Item.id == item_id,)).rows[0],
        measures=[{"position": m.position, "text": m.text, "deadline": m.deadline, "done": m.done}
                  for m in item.measures],
        stage_targets=[{"position": t.position, "text": t.text, "due": t.due} for t in item.stage_targets],
        progress=[{"at": p.reported_at, "unit": p.unit.name, "person": p.person.name if p.person else None,
                   "text": p.text, "percent": p.percent} for p in progress],
        evidence=[{"filename": e.filename, "sha256": e.sha256, "size": e.size, "at": e.added_at} for e in evidence],
        requests=[{"id": r.id, "action": Action(r.action).label, "status": REQUEST_STATUS_LABELS[r.status],
                   "requested_by": r.requested_by.name, "at": r.requested_at} for r in requests],
        actions=allowed_actions(item.current_state),
    )
