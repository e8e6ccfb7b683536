"""The ledger as it stood at the end of a past day, rebuilt from the audit log, so an old report can be
reproduced exactly: which items existed, their state, when each was first closed."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.audit_entry import AuditEntry
from models.events import ITEM_IMPORTED, TRANSITION_EVENTS
from models.ledger import Campaign
from models.vocabulary import State

STATE_EVENTS = {ITEM_IMPORTED, *TRANSITION_EVENTS.values()}


def end_of(day: date, zone: str) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, ZoneInfo(zone))


@dataclass
class ItemHistory:
    state: State  # at the end of the day asked for
    created: date
    closed_on: date | None  # the last time it was closed, if it is closed then


def histories(session: Session, campaign: Campaign, day: date) -> dict[int, ItemHistory]:
    """Item id -> its state at the end of `day` (local to the campaign), for items that existed then."""
    zone = ZoneInfo(campaign.collect_timezone)
    result: dict[int, ItemHistory] = {}
    entries = session.execute(select(AuditEntry.item_id, AuditEntry.kind, AuditEntry.to_state, AuditEntry.at).where(
        AuditEntry.campaign_id == campaign.id, AuditEntry.kind.in_(STATE_EVENTS),
        AuditEntry.at < end_of(day, campaign.collect_timezone)).order_by(AuditEntry.seq))
    for item_id, kind, to_state, at in entries:
        local = at.astimezone(zone).date()
        if kind == ITEM_IMPORTED:
            result[item_id] = ItemHistory(State(to_state), local, local if to_state == State.closed.value else None)
        elif item_id in result and to_state:
            history = result[item_id]
            history.state = State(to_state)
            history.closed_on = local if history.state is State.closed else None
    return result
