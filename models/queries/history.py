"""The ledger as it stood at the end of a past day, rebuilt from the audit log, so an old report can be
reproduced exactly: which items existed, their state, when each was first closed."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.events import ITEM_IMPORTED, TRANSITION_EVENTS
from models.domain.vocabulary import State
from models.store.audit_chain import head_now
from models.store.batches import streamed
from models.tables.audit import AuditEntry
from models.tables.ledger import Campaign

STATE_EVENTS = {ITEM_IMPORTED, *TRANSITION_EVENTS.values()}


def end_of(day: date, zone: str) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, ZoneInfo(zone))


@dataclass(slots=True)
class ItemHistory:
    state: State  # at the end of the day asked for
    created: date
    closed_on: date | None  # the last time it was closed, if it is closed then


def histories(session: Session, campaign: Campaign, day: date) -> dict[int, ItemHistory]:
    """Item id -> its state at the end of `day` (local to the campaign), for items that existed then."""
    return replay(session, campaign, day).at_end


@dataclass
class Replay:
    """The log replayed once (a report and its statistics read it once, not three times)."""
    at_end: dict[int, ItemHistory]  # each item at the end of the day asked for
    keep: date  # the end of the month before
    at_keep: dict[int, ItemHistory]  # each item at the end of `keep` (the statistics' ranking a month ago)
    open_by_week: list[tuple[date, int]]  # items not closed at the end of each week (Sunday) and of the day


def replay(session: Session, campaign: Campaign, day: date) -> Replay:
    """The ledger at the end of `day` and at the end of the month before (as `histories` gives them), and how many
    items were not closed at the end of each week since the first import and at the end of `day`; worked out once
    per session while the chain's head stays (a report and its statistics ask for the same). Read it, never change
    it."""
    head = head_now(session)
    known = session.info.setdefault("replays", {})
    if known.get((campaign.id, day, head)) is None:
        known.clear()  # one held at a time
        known[campaign.id, day, head] = _replay(session, campaign, day)
    return known[campaign.id, day, head]


def _replay(session: Session, campaign: Campaign, day: date) -> Replay:
    keep = day.replace(day=1) - timedelta(days=1)
    at_end: dict[int, ItemHistory] = {}
    at_keep: dict[int, ItemHistory] = {}
    points: list[tuple[date, int]] = []
    cut: date | None = None
    not_closed = 0  # items in at_end not closed, kept as the events come (counting at each week took seconds)

    def record_until(local: date) -> None:
        nonlocal cut
        while cut is not None and cut < local:
            points.append((cut, not_closed))
            cut = None if cut >= day else min(cut + timedelta(days=7), day)

    for item_id, kind, to_state, local in _read_state_events(session, campaign, day):
        if cut is None and not points:
            cut = min(local + timedelta(days=6 - local.weekday()), day)
        record_until(local)
        was = at_end.get(item_id)
        not_closed -= was is not None and was.state is not State.closed
        _apply(at_end, item_id, kind, to_state, local)
        now = at_end.get(item_id)
        not_closed += now is not None and now.state is not State.closed
        if local <= keep:
            _apply(at_keep, item_id, kind, to_state, local)
    record_until(day + timedelta(days=1))
    return Replay(at_end, keep, at_keep, points)


def _read_state_events(session: Session, campaign: Campaign, day: date):
    zone = ZoneInfo(campaign.collect_timezone)
    rows = streamed(session, select(AuditEntry.item_id, AuditEntry.kind, AuditEntry.to_state, AuditEntry.at).where(
        AuditEntry.campaign_id == campaign.id, AuditEntry.kind.in_(STATE_EVENTS),
        AuditEntry.at < end_of(day, campaign.collect_timezone)).order_by(AuditEntry.seq))
    # the few kinds, states and days shared, not one copy per entry: 100,000 items' histories hold their days
    shared: dict = {}
    return ((item_id, shared.setdefault(kind, kind), shared.setdefault(to_state, to_state),
             shared.setdefault(local := at.astimezone(zone).date(), local)) for item_id, kind, to_state, at in rows)


def _apply(result: dict[int, ItemHistory], item_id: int, kind: str, to_state: str | None, local: date) -> None:
    if kind == ITEM_IMPORTED:
        result[item_id] = ItemHistory(State(to_state), local, local if to_state == State.closed.value else None)
    elif item_id in result and to_state:
        history = result[item_id]
        history.state = State(to_state)
        history.closed_on = local if history.state is State.closed else None

