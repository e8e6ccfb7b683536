"""Building the weekly summary from the ledger, the audit log and the round's answers."""
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.collection.summary_model import (
    AspectCounts,
    ItemLine,
    ProgressLine,
    SubProgress,
    TransitionLine,
    UnitReport,
    WeeklySummary,
)
from models.domain.answers import ANSWER_LABELS
from models.domain.events import TRANSITION_EVENTS
from models.domain.vocabulary import Action, State
from models.domain.weeks import week_monday
from models.queries.items import ItemBrief, item_lines
from models.queries.progress import latest_progress
from models.queries.round_answers import answers, get_round
from models.queries.summary import summary
from models.store.batches import batched
from models.tables.audit import AuditEntry
from models.tables.ledger import Item, ItemCooperatingUnit
from models.tables.progress import ProgressEntry

DUE_SOON_DAYS = 14


def build_summary(session: Session, round_id: int, now: datetime) -> WeeklySummary:
    """The round's summary as of `now`; its progress lines are read as they are taken, in this session."""
    round_ = get_round(session, round_id)
    campaign = round_.campaign
    zone = ZoneInfo(campaign.collect_timezone)
    today = now.astimezone(zone).date()
    week_start = datetime.combine(week_monday(round_.week), datetime.min.time(), zone)
    items = item_lines(session, Item.campaign_id == campaign.id)
    not_closed = [i for i in items if i.state != State.closed.value]
    working = [i for i in not_closed if i.state != State.verified.value]
    cooperating = cooperating_units(session, campaign.id)

    def line(item: ItemBrief, days: int) -> ItemLine:  # lines of rows read just now: not validated again
        return ItemLine.model_construct(item_id=item.id, number=item.number, text=item.text, unit=item.lead_unit,
                        deadline=item.deadline, deadline_text=item.deadline_text, state=State(item.state).label,
                        days=days)

    transitions = session.scalars(select(AuditEntry).where(
        AuditEntry.campaign_id == campaign.id, AuditEntry.kind.in_(TRANSITION_EVENTS.values()),
        AuditEntry.at >= week_start, AuditEntry.at <= now).order_by(AuditEntry.seq)).all()
    numbers = {i.id: i.number for i in items}
    answered = answers(session, round_, now)
    return WeeklySummary(
        campaign=campaign.title, week=round_.week, opened_at=round_.opened_at, due_at=round_.due_at,
        generated_at=now,
        aspects=[AspectCounts(aspect=r.aspect, counts=r.counts, total=r.total)
                 for r in summary(session, str(campaign.id))],
        transitions=[TransitionLine(at=e.at, item_id=e.item_id, number=numbers.get(e.item_id, ""),
                                    action=Action(e.action).label, from_state=State(e.from_state).label,
                                    to_state=State(e.to_state).label, actor=e.actor_name) for e in transitions],
        due_soon=[line(i, (i.deadline - today).days) for i in working
                  if i.deadline and today <= i.deadline <= today + timedelta(days=DUE_SOON_DAYS)],
        overdue=[line(i, (today - i.deadline).days) for i in working if i.deadline and i.deadline < today],
        progress=_progress_lines(session, not_closed, cooperating, now),
        units=[UnitReport(unit=row.unit.name, status=status, status_label=ANSWER_LABELS[status], answered_at=at)
               for row in round_.units for status, at in [answered[row.unit_id]]],
    )


def cooperating_units(session: Session, campaign_id: int) -> dict[int, list[int]]:
    """Item id -> its cooperating units' ids, in the ledger's order."""
    result: dict[int, list[int]] = defaultdict(list)
    for item_id, unit_id in session.execute(
            select(ItemCooperatingUnit.item_id, ItemCooperatingUnit.unit_id).join(Item)
            .where(Item.campaign_id == campaign_id).order_by(ItemCooperatingUnit.item_id, ItemCooperatingUnit.position,
                                                           ItemCooperatingUnit.id)):
        result[item_id].append(unit_id)
    return result


def _progress_lines(session: Session, items: list[ItemBrief], cooperating: dict[int, list[int]], now: datetime
                    ) -> Iterator[ProgressLine]:
    """Every open item's latest progress, read a batch of items at a time as the workbook is written: a province's
    100,000 lines are never held at once (they were half the close's memory)."""
    for chunk in batched(items):
        latest = latest_progress(session, ProgressEntry.reported_at <= now,
                                 ProgressEntry.item_id.in_([item.id for item in chunk]))
        for item in chunk:
            yield _progress_line(item, cooperating[item.id], latest)


def _progress_line(item: ItemBrief, cooperating: list[int], latest: dict[tuple[int, int], ProgressEntry]) -> ProgressLine:
    def sub(unit_id: int) -> SubProgress | None:
        entry = latest.get((item.id, unit_id))
        return SubProgress.model_construct(unit=entry.unit.name, text=entry.text, at=entry.reported_at) if entry \
            else None

    # a line per open item, of rows read just now: not validated again (a province's 100,000)
    return ProgressLine.model_construct(item_id=item.id, number=item.number, text=item.text, unit=item.lead_unit,
                                        state=State(item.state).label, latest=sub(item.lead_unit_id),
                                        cooperating=[p for u in cooperating if (p := sub(u))])
