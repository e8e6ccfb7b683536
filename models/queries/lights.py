"""Each item's red / yellow / green light (the rule: models/domain/lights.py), with what it needs read from
the database: how long its sign-off requests have waited, and whether its unit missed the latest round."""
from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from models.domain.answers import MISSING
from models.domain.events import LIGHTS_UNCHANGED_BY
from models.domain.lights import Light, light
from models.domain.vocabulary import State
from models.domain.working_days import CalendarUnknown, working_days_after
from models.queries.calendar import load_office_calendar
from models.queries.progress import waiting_for
from models.queries.round_answers import answers
from models.store.kept_answers import unchanged_since_built
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.collection import CollectionRound
from models.tables.ledger import Campaign, Item


def missing_reporters(session: Session, campaign: Campaign) -> frozenset[int]:
    """Units that did not answer the campaign's latest closed weekly round: read once per session (a page asks it
    for the candidates it may light, for their lights, and again for the rows it shows) and kept while the audit
    chain's head stays — a round's answers are read for all its units, 2,000 in a province, which made a page of
    50 items ten times slower than at 1,000."""
    known = session.info.setdefault("missing_reporters", {})
    if campaign.id not in known:
        known[campaign.id] = unchanged_since_built(session, ("missing_reporters", campaign.id),
                                                   lambda: frozenset(_missing_reporters(session, campaign)),
                                                   LIGHTS_UNCHANGED_BY)
    return known[campaign.id]


def _missing_reporters(session: Session, campaign: Campaign) -> set[int]:
    latest = session.scalars(select(CollectionRound).where(CollectionRound.campaign_id == campaign.id,
                                                           CollectionRound.closed_at.is_not(None))
                             .order_by(CollectionRound.due_at.desc()).limit(1)).first()
    if latest is None:
        return set()
    return {unit for unit, (status, _) in answers(session, latest, latest.closed_at).items() if status == MISSING}


def pending_ages(session: Session, item_ids: list[int], day: date, zone: str) -> dict[int, list[int] | None]:
    """Item id -> how many working days each of its waiting sign-off requests has waited (None: a request's wait
    runs through a year whose holiday calendar is not known yet)."""
    ages: dict[int, list[int] | None] = defaultdict(list)
    for item_id, _, requested_at in waiting_for(session, item_ids):
        if ages[item_id] is not None:
            ages[item_id] = _unless_unknown(session, lambda: ages[item_id] + [
                working_days_after(requested_at.astimezone(ZoneInfo(zone)).date(), day)])
    return ages


def calendar_unknown(session: Session) -> list[int]:
    """The years whose holiday calendar the lights judged in this session needed and did not have (their items have
    no light until the office imports the year: `rectiflow calendar import`)."""
    return sorted(session.info.get("calendar_unknown", ()))


def _unless_unknown(session: Session, judge):
    """judge(), or None where it needs a year's calendar nobody has imported: one item's light unknown, never the
    whole listing refused (in late December every deadline in early January needs the next year's calendar)."""
    try:
        return judge()
    except CalendarUnknown as unknown:
        session.info.setdefault("calendar_unknown", set()).add(unknown.year)
        return None


def may_be_lit(session: Session, today: date) -> ColumnElement[bool]:
    """A condition every item with a red or yellow light meets (and a few green ones): not closed, and due within its
    campaign's yellow window — as calendar days, generously, since no holiday run is longer than two weeks — or
    waiting on a sign-off request, or led by a unit that missed its latest weekly round. A page that lists only
    lit items reads these, not the whole ledger, and then asks the rule itself."""
    campaigns = session.scalars(select(Campaign)).all()
    near = [and_(Item.campaign_id == c.id, Item.deadline <= today + timedelta(days=2 * c.reminders.yellow_within + 14))
            for c in campaigns]
    late_units = {unit for c in campaigns for unit in missing_reporters(session, c)}
    return and_(Item.state != State.closed.value, or_(
        *near, Item.id.in_(select(ApprovalRequest.item_id).where(ApprovalRequest.status == PENDING)),
        Item.lead_unit_id.in_(late_units)))


class LightFacts(NamedTuple):
    """What the rule reads of an item."""
    id: int
    campaign_id: int
    state: str
    deadline: date | None
    lead_unit_id: int


def light_facts(session: Session, conditions: list[ColumnElement[bool]]) -> list[LightFacts]:
    """The facts of the items `conditions` select, as plain tuples (a leader's 10,000 lit items: a database row's
    fields, read by name, were a third of judging them)."""
    return [LightFacts(*row) for row in session.connection().execute(
        select(Item.id, Item.campaign_id, Item.state, Item.deadline, Item.lead_unit_id).where(*conditions))]


def lights_for(session: Session, items: list, day: date) -> dict[int, Light | None]:
    """`items`: Item objects, or their `LightFacts` (a long list need not be read as whole items)."""
    load_office_calendar(session)
    result: dict[int, Light | None] = {}
    by_campaign: dict[int, list] = defaultdict(list)
    for item in items:
        by_campaign[item.campaign_id].append(item)
    for campaign_id, campaign_items in by_campaign.items():
        campaign = session.get(Campaign, campaign_id)
        policy = campaign.reminders
        missing = missing_reporters(session, campaign)
        ages = pending_ages(session, [i.id for i in campaign_items], day, campaign.collect_timezone)
        judged: dict[tuple, Light | None] = {}  # thousands of items share a state, a deadline and a unit's answer
        for item in campaign_items:
            waited = ages.get(item.id, [])
            if waited:
                result[item.id] = _unless_unknown(session, lambda: light(
                    item.state, item.deadline, day, policy, waited, item.lead_unit_id in missing))
                continue
            if waited is None:  # how long its requests waited is not known: only an overdue item is surely red
                overdue = _unless_unknown(session, lambda: light(item.state, item.deadline, day, policy, [], False))
                result[item.id] = Light.red if overdue == Light.red else None
                continue
            alike = (item.state, item.deadline, item.lead_unit_id in missing)
            if alike not in judged:
                judged[alike] = _unless_unknown(session, lambda: light(item.state, item.deadline, day, policy, [],
                                                                       alike[2]))
            result[item.id] = judged[alike]
    return result
