"""我的待办: what waits on one person — the items needing action (a unit's open items; an office's overdue ones; a
leader's red and yellow ones in their portfolio), with light and working days left; the sign-off requests they may
decide (also as a deputy); the messages sent to them. (The weekly form: models/collection/online_form.py.)"""
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from models.domain.events import LIGHTS_UNCHANGED_BY, event_label
from models.domain.vocabulary import OPEN_STATES, Role
from models.domain.working_days import CalendarUnknown, working_days_after
from models.queries.calendar import load_office_calendar
from models.queries.item_filter import ItemFilter, item_conditions
from models.queries.items import ItemRow, list_items
from models.queries.lights import light_facts, lights_for, may_be_lit
from models.queries.requests import RequestRow, request_ids, request_rows
from models.store.collector import collector_paused
from models.store.database import read_only
from models.store.kept_answers import unchanged_since_built
from models.tables.ledger import Item, ItemLeader
from models.tables.organisation import Person
from models.tables.outbox import OutboxMessage

LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2, None: 3}
RECENT_MESSAGES = 20


class TodoItem(BaseModel):
    item: ItemRow
    days_left: int | None  # working days to the deadline; negative: working days overdue; None: no date to count to


class ReceivedMessage(BaseModel):
    id: int
    event: str
    event_label: str
    context: dict  # what the message shows (the portal renders its title from it)
    created_at: datetime
    item_id: int | None
    request_id: int | None


SHOWN = 20  # of each list on the page; the counts on top are whole, the rest a link away


class Inbox(BaseModel):
    items: list[TodoItem]  # the first SHOWN, most urgent first
    items_total: int
    items_red: int
    items_heading: str  # 本单位待办事项 / 逾期事项 / 分管事项（红灯、黄灯）
    requests: list[RequestRow]  # the oldest SHOWN
    requests_total: int
    messages: list[ReceivedMessage]


def days_left(deadline: date | None, today: date) -> int | None:
    if deadline is None:
        return None
    try:
        if deadline >= today:
            return working_days_after(today, deadline)
        return -working_days_after(deadline, today)
    except CalendarUnknown:  # a deadline in a year with no holiday calendar yet
        return None


def _todo(session: Session, person: Person, today: date) -> tuple[str, list[ColumnElement[bool]] | None, set | None]:
    """The heading, the items' conditions and the lights wanted (None: any) of what waits on this person."""
    roles = person.roles
    if roles & {Role.liaison, Role.unit_head} and person.unit is not None:
        return ("本单位待办事项", [*item_conditions(ItemFilter(unit=person.unit.name), today),
                                Item.state.in_(OPEN_STATES)], None)
    if Role.office in roles:
        return "逾期事项", item_conditions(ItemFilter(overdue=True), today), None
    if Role.leader in roles:
        mine = Item.id.in_(select(ItemLeader.item_id).where(ItemLeader.person_id == person.id))
        return "分管事项（红灯、黄灯）", [mine, may_be_lit(session, today)], {"red", "yellow"}
    return "待办事项", None, None


def _most_urgent(session: Session, person: Person, heading: str, conditions: list[ColumnElement[bool]] | None,
                 wanted: set | None, today: date) -> tuple[list[TodoItem], int, int]:
    """(the SHOWN most urgent, how many in all, how many red): which ones, in order, kept while nothing changes (a
    leader's thousands of lit items after a round nobody answered are judged once, not on every view); the
    rows shown read afresh."""
    if conditions is None:
        return [], 0, 0
    urgent, red = unchanged_since_built(session, ("todo", person.id, person.unit_id, heading, today),
                                        lambda: _urgent(session, conditions, wanted, today), LIGHTS_UNCHANGED_BY)
    order = {item_id: n for n, item_id in enumerate(urgent[:SHOWN])}
    shown = list_items(session, today, narrowed=(Item.id.in_(order or [-1]),)).rows  # in ledger order
    items = [TodoItem(item=r, days_left=days_left(r.deadline, today)) for r in sorted(shown, key=lambda r: order[r.id])]
    return items, len(urgent), red


@collector_paused()
def _urgent(session: Session, conditions: list[ColumnElement[bool]], wanted: set | None, today: date
            ) -> tuple[tuple[int, ...], int]:
    """The ids of what waits, most urgent first, and how many are red: every candidate's light from a few columns."""
    facts = light_facts(session, conditions)
    lights = lights_for(session, facts, today)
    chosen = sorted((f for f in facts if wanted is None or lights[f.id] in wanted),
                    key=lambda f: (LIGHT_ORDER[lights[f.id]], f.deadline or date.max, f.id))
    return tuple(f.id for f in chosen), sum(lights[f.id] == "red" for f in chosen)


@read_only
def inbox(session: Session, person_id: int, today: date) -> Inbox:
    person = session.get(Person, person_id)
    heading, conditions, wanted = _todo(session, person, today)
    load_office_calendar(session)
    items, total, red = _most_urgent(session, person, heading, conditions, wanted, today)
    messages = session.scalars(select(OutboxMessage).where(OutboxMessage.person_id == person_id)
                               .order_by(OutboxMessage.id.desc()).limit(RECENT_MESSAGES))
    waiting = request_ids(session, for_person=person.name, today=today)
    return Inbox(items=items, items_total=total, items_red=red,
                 items_heading=heading,
                 requests=request_rows(session, waiting[:SHOWN]), requests_total=len(waiting),
                 messages=[ReceivedMessage(id=m.id, event=m.event, event_label=event_label(m.event), context=m.context,
                                           created_at=m.created_at, item_id=m.context.get("item_id"),
                                           request_id=m.context.get("request_id")) for m in messages])
