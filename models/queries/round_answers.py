"""Who answered a weekly collection round, and when: from the progress each unit reported on its round
items since the round opened — whichever way it arrived (form, browser, CLI…)."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.domain.answers import LATE, MISSING, ON_TIME
from models.domain.refusals import NotFound
from models.domain.weeks import current_week
from models.queries.campaigns import campaign_ids, find_campaign
from models.store.database import read_only
from models.tables.collection import CollectionRound, RoundUnit
from models.tables.progress import ProgressEntry


def get_round(session: Session, round_id: int) -> CollectionRound:
    round_ = session.get(CollectionRound, round_id)
    if round_ is None:
        raise NotFound(f"没有报送轮次 #{round_id}")
    return round_


def answer(session: Session, round_: CollectionRound, row: RoundUnit, now: datetime) -> tuple[str, datetime | None]:
    """(on_time / late / missing, first answer time) of one unit."""
    return answers(session, round_, now, [row])[row.unit_id]


def answers(session: Session, round_: CollectionRound, now: datetime, rows: list[RoundUnit] | None = None
            ) -> dict[int, tuple[str, datetime | None]]:
    """Unit id -> its answer, for these units of the round (all of them by default): one query for them all (every
    listing that shows a light asks this of the latest round; the close checks a group of units at a time)."""
    rows = round_.units if rows is None else rows
    first = _first_answers(session, round_, [row.unit_id for row in rows], now)
    return {row.unit_id: _status(round_, first.get(row.unit_id, {}), row.item_ids) for row in rows}


def _first_answers(session: Session, round_: CollectionRound, unit_ids: list[int], now: datetime
                   ) -> dict[int, dict[int, datetime]]:
    """Unit id -> item id -> the unit's first progress on the item since the round opened (up to `now`)."""
    result: dict[int, dict[int, datetime]] = {}
    for unit_id, item_id, first in session.execute(
            select(ProgressEntry.unit_id, ProgressEntry.item_id, func.min(ProgressEntry.reported_at))
            .where(ProgressEntry.unit_id.in_(unit_ids or [-1]), ProgressEntry.reported_at >= round_.opened_at,
                   ProgressEntry.reported_at <= now)
            .group_by(ProgressEntry.unit_id, ProgressEntry.item_id)):
        result.setdefault(unit_id, {})[item_id] = first
    return result


def _status(round_: CollectionRound, first_by_item: dict[int, datetime], item_ids: list[int]
            ) -> tuple[str, datetime | None]:
    times = [first_by_item[item_id] for item_id in item_ids if item_id in first_by_item]
    if not times:
        return MISSING, None
    first = min(times)
    return (ON_TIME if first <= round_.due_at else LATE), first


class UnitStatus(BaseModel):
    campaign: str
    week: str
    unit: str
    items: int
    asked_at: datetime | None
    status: str  # on_time / late / missing
    answered_at: datetime | None
    chased_at: datetime | None
    closed: bool


class RoundStatus(BaseModel):
    campaign: str
    week: str
    opened: bool
    units: list[UnitStatus] = []


@read_only
def round_status(session: Session, campaign: str | None, week: str | None, now: datetime) -> list[RoundStatus]:
    """Each campaign's round of a week (this week by default): who was asked, who answered, who was chased."""
    result = []
    for ref in campaign_ids(session, campaign):
        found = find_campaign(session, ref)
        wanted = week or current_week(now, found.collect_timezone)
        round_ = session.scalars(select(CollectionRound).where(CollectionRound.campaign_id == found.id,
                                                               CollectionRound.week == wanted)).one_or_none()
        status = RoundStatus(campaign=found.title, week=wanted, opened=round_ is not None)
        if round_ is not None:
            answered = answers(session, round_, now)
            status.units = [UnitStatus(campaign=found.title, week=wanted, unit=u.unit.name, items=len(u.item_ids),
                                       asked_at=u.asked_at, status=answered[u.unit_id][0],
                                       answered_at=answered[u.unit_id][1], chased_at=u.chased_at,
                                       closed=round_.closed_at is not None) for u in round_.units]
        result.append(status)
    return result
