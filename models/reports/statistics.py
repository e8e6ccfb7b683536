"""Statistics per aspect and per unit, the monthly unit ranking (按月排名) and the weekly burn-down,
as of any past day.

- 按时办结率 (on-time rate): items closed (销号) by their deadline, over the items due by the day plus
  those closed early. Items without a date deadline (立行立改 without a date, 长期坚持) are not counted.
- Average days to close: from the item's entry into the ledger to its closing, in calendar days.
- Ranking: by on-time rate (highest first; units with nothing due yet last), then fewer overdue items;
  equal units share a rank. Movement is against the ranking at the end of the previous month."""
from collections import Counter, defaultdict
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.vocabulary import OPEN_STATES, REPORT_LABELS, State
from models.domain.weeks import iso_week
from models.queries.history import ItemHistory, replay
from models.reports.model import AspectStats, BurndownPoint, RankingRow, Statistics, UnitStats
from models.store.batches import streamed
from models.store.collector import collector_paused
from models.tables.ledger import Campaign, Item
from models.tables.organisation import Unit


class ItemFact(NamedTuple):
    id: int
    aspect_id: int
    lead_unit: str
    deadline: date | None


def item_facts(session: Session, campaign: Campaign) -> list[ItemFact]:
    """The campaign's items, in ledger order, as plain tuples: what the numbers need (a province's 100,000 items
    as ORM objects with their joins took most of the statistics' time; as rows, reading their fields did)."""
    query = (select(Item.id, Item.aspect_id, Unit.name, Item.deadline).join(Unit, Unit.id == Item.lead_unit_id)
             .where(Item.campaign_id == campaign.id).order_by(Item.position))
    return [ItemFact(*row) for row in streamed(session, query)]


def _rate(items: list[ItemFact], hist, day: date) -> float | None:
    due = [i for i in items if i.deadline and (i.deadline <= day or hist[i.id].closed_on)]
    if not due:
        return None
    on_time = [i for i in due if hist[i.id].closed_on and hist[i.id].closed_on <= i.deadline]
    return round(len(on_time) / len(due), 4)


def _average_days(items: list[ItemFact], hist) -> float | None:
    spans = [(hist[i.id].closed_on - hist[i.id].created).days for i in items if hist[i.id].closed_on]
    return round(sum(spans) / len(spans), 1) if spans else None


def _overdue(items: list[ItemFact], hist, day: date) -> int:
    return sum(1 for i in items if hist[i.id].state in OPEN_STATES and i.deadline and i.deadline < day)


def unit_stats(items: list[ItemFact], hist: dict[int, ItemHistory], day: date) -> list[UnitStats]:
    items = [i for i in items if i.id in hist]
    by_unit: dict[str, list[ItemFact]] = defaultdict(list)
    for item in items:
        by_unit[item.lead_unit].append(item)
    states = {unit: _states(mine, hist) for unit, mine in by_unit.items()}
    return [UnitStats(unit=unit, items=len(mine), closed=states[unit][State.closed],
                      verified=states[unit][State.verified], long_term=states[unit][State.long_term],
                      overdue=_overdue(mine, hist, day), on_time_rate=_rate(mine, hist, day),
                      average_days_to_close=_average_days(mine, hist)) for unit, mine in by_unit.items()]


def _states(items: list[ItemFact], hist: dict[int, ItemHistory]) -> Counter:
    return Counter(hist[i.id].state for i in items)


def ranking(units: list[UnitStats], previous: list[UnitStats] | None) -> list[RankingRow]:
    def key(u: UnitStats):
        return (u.on_time_rate is None, -(u.on_time_rate or 0), u.overdue)

    def ranks(stats: list[UnitStats]) -> dict[str, int]:
        ordered, result = sorted(stats, key=key), {}
        for position, unit in enumerate(ordered, 1):
            earlier = ordered[position - 2] if position > 1 else None
            result[unit.unit] = result[earlier.unit] if earlier and key(earlier) == key(unit) else position
        return result

    now, before = ranks(units), ranks(previous or [])
    rows = []
    for unit in sorted(units, key=lambda u: (now[u.unit], u.unit)):
        was = before.get(unit.unit)
        move = "新" if was is None else "—" if was == now[unit.unit] else \
            (f"↑{was - now[unit.unit]}" if was > now[unit.unit] else f"↓{now[unit.unit] - was}")
        rows.append(RankingRow(rank=now[unit.unit], unit=unit.unit, on_time_rate=unit.on_time_rate,
                               overdue=unit.overdue, previous_rank=was, movement=move))
    return rows


@collector_paused()
def build_statistics(session: Session, campaign: Campaign, day: date) -> Statistics:
    log = replay(session, campaign, day)
    previous_month_end = log.keep
    hist = log.at_end
    items = [i for i in item_facts(session, campaign) if i.id in hist]
    by_aspect: dict[int, list[ItemFact]] = defaultdict(list)
    for item in items:
        by_aspect[item.aspect_id].append(item)
    states = {aspect.id: _states(by_aspect[aspect.id], hist) for aspect in campaign.aspects}
    aspects = [AspectStats(aspect=aspect.title, items=len(by_aspect[aspect.id]),
                           by_state={label: states[aspect.id][state] for state, label in REPORT_LABELS.items()},
                           overdue=_overdue(by_aspect[aspect.id], hist, day),
                           on_time_rate=_rate(by_aspect[aspect.id], hist, day),
                           average_days_to_close=_average_days(by_aspect[aspect.id], hist))
               for aspect in campaign.aspects]
    units = unit_stats(items, hist, day)
    before = unit_stats(items, log.at_keep, previous_month_end)
    return Statistics(campaign=campaign.title, as_of=day, month=f"{day.year}-{day.month:02d}", aspects=aspects,
                      units=units, ranking=ranking(units, before),
                      burndown=[BurndownPoint(week=iso_week(cut), open_items=count) for cut, count in log.open_by_week])
