"""A collection round's steps, each idempotent and in the caller's transaction: open the round, ask a
unit, see who answered, chase a unit, finish the round with the summary."""
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.store import audit_chain
from models.tables.collection import LATE, MISSING, ON_TIME, CollectionRound, RoundUnit
from models.domain.weeks import round_window
from models.directory.lookup import people_with_role
from models.domain.events import PROGRESS_CHASED, PROGRESS_REQUESTED, ROUND_OPENED, SUMMARY_SENT
from models.tables.ledger import Campaign, Item, ItemCooperatingUnit
from models.tables.organisation import Person
from models.directory.recipients import add, office_fallback_row, rows_for, unit_contacts
from models.tables.progress import ProgressEntry
from models.queries.items import OPEN_STATES, campaign_matches
from models.domain.refusals import InvalidInput, NotFound
from models.domain.vocabulary import Role


class RoundPlan(BaseModel):
    round_id: int
    campaign: str
    week: str
    units: list[tuple[int, str]]  # (unit id, name), in the order they are asked


def find_campaign(session: Session, ref: str) -> Campaign:
    campaign = session.scalars(select(Campaign).where(campaign_matches(ref))).one_or_none()
    if campaign is None:
        raise NotFound(f"没有整改任务「{ref}」")
    return campaign


def open_items_by_unit(session: Session, campaign_id: int) -> dict[int, list[int]]:
    """Unit id -> the open items it leads or cooperates on, in ledger order."""
    by_unit: dict[int, list[int]] = defaultdict(list)
    items = session.execute(select(Item.id, Item.lead_unit_id).where(
        Item.campaign_id == campaign_id, Item.state.in_(OPEN_STATES)).order_by(Item.position)).all()
    cooperating: dict[int, list[int]] = defaultdict(list)
    for item_id, unit_id in session.execute(select(ItemCooperatingUnit.item_id, ItemCooperatingUnit.unit_id).join(Item)
                                            .where(Item.campaign_id == campaign_id)
                                            .order_by(ItemCooperatingUnit.position)):
        cooperating[item_id].append(unit_id)
    for item_id, lead_unit_id in items:
        for unit_id in (lead_unit_id, *cooperating[item_id]):
            by_unit[unit_id].append(item_id)
    return by_unit


def open_round(session: Session, campaign_id: int, week: str, now: datetime, create: bool = True) -> RoundPlan:
    """Create the round and its unit rows once; opening it again returns the same plan.
    With create=False (closing), a round that was never opened is an error."""
    audit_chain.lock(session)
    campaign = session.get(Campaign, campaign_id)
    round_ = session.scalars(select(CollectionRound).where(CollectionRound.campaign_id == campaign_id,
                                                           CollectionRound.week == week)).one_or_none()
    if round_ is None and not create:
        raise NotFound(f"《{campaign.title}》{week} 的报送尚未开启（rectiflow collect open --week {week}）")
    if round_ is None:
        _, due = round_window(week, campaign.collect_open_cron, campaign.collect_due_cron, campaign.collect_timezone)
        if due <= now:
            raise InvalidInput(f"{week} 的报送截止时间（{due.astimezone(ZoneInfo(campaign.collect_timezone)):%Y-%m-%d %H:%M}）"
                               f"已过，不能再开启该周报送")
        round_ = CollectionRound(campaign_id=campaign_id, week=week, opened_at=now, due_at=due)
        round_.units = [RoundUnit(unit_id=unit_id, item_ids=item_ids)
                        for unit_id, item_ids in open_items_by_unit(session, campaign_id).items()]
        session.add(round_)
        session.flush()
        audit_chain.append(session, at=now, kind=ROUND_OPENED, actor_id=None, actor_name="每周报送",
                           campaign_id=campaign_id, data={"round": round_.id, "week": week,
                                                          "units": [u.unit_id for u in round_.units]})
    return RoundPlan(round_id=round_.id, campaign=campaign.title, week=week,
                     units=[(u.unit_id, u.unit.name) for u in round_.units])


def get_round(session: Session, round_id: int) -> CollectionRound:
    round_ = session.get(CollectionRound, round_id)
    if round_ is None:
        raise NotFound(f"没有报送轮次 #{round_id}")
    return round_


def round_unit(session: Session, round_id: int, unit_id: int) -> RoundUnit:
    row = session.scalars(select(RoundUnit).where(RoundUnit.round_id == round_id, RoundUnit.unit_id == unit_id)
                          .with_for_update(of=RoundUnit)).one_or_none()
    if row is None:
        raise NotFound(f"报送轮次 #{round_id} 中没有该单位")
    return row


def _enqueue(session, entry, people: list[Person], context: dict, attachments: list[str]) -> int:
    rows = [row for p in {p.id: p for p in people}.values() for row in rows_for(entry, p, context, attachments)]
    if not rows:  # nobody to ask: the office hears of it instead, so nothing is silently dropped
        rows = [office_fallback_row(entry, {**context, "no_contact": True}, attachments)]
    return add(session, rows)


def ask_unit(session: Session, round_id: int, unit_id: int, form_path: str, form_spec: dict, context: dict,
             now: datetime) -> bool:
    """Queue the request (with its form) to the unit's liaison and head, once. False: already asked."""
    audit_chain.lock(session)
    row = round_unit(session, round_id, unit_id)
    if row.asked_at is not None:
        return False
    round_ = row.round
    entry = audit_chain.append(session, at=now, kind=PROGRESS_REQUESTED, actor_id=None, actor_name="每周报送",
                               campaign_id=round_.campaign_id,
                               data={"round": round_id, "week": round_.week, "unit": row.unit.name,
                                     "items": row.item_ids})
    _enqueue(session, entry, unit_contacts(session, unit_id), {**context, "at": now.isoformat()}, [form_path])
    row.asked_at, row.form_path, row.form_spec = now, form_path, form_spec
    return True


def answer(session: Session, round_: CollectionRound, row: RoundUnit, now: datetime) -> tuple[str, datetime | None]:
    """(on_time / late / missing, first answer time) of one unit, from the progress it reported on its round
    items since the round opened — whichever way it arrived (form, CLI, …)."""
    first = session.scalar(select(ProgressEntry.reported_at).where(
        ProgressEntry.unit_id == row.unit_id, ProgressEntry.item_id.in_(row.item_ids or [-1]),
        ProgressEntry.reported_at >= round_.opened_at, ProgressEntry.reported_at <= now)
        .order_by(ProgressEntry.reported_at).limit(1))
    status = MISSING if first is None else ON_TIME if first <= round_.due_at else LATE
    return status, first


def answers(session: Session, round_: CollectionRound, now: datetime) -> dict[int, tuple[str, datetime | None]]:
    """Unit id -> its answer, for every unit of the round."""
    return {row.unit_id: answer(session, round_, row, now) for row in round_.units}


def chase_unit(session: Session, round_id: int, unit_id: int, context: dict, now: datetime) -> bool:
    """Remind a unit that has not answered, and tell its responsible leaders (催报) — once."""
    audit_chain.lock(session)
    row = round_unit(session, round_id, unit_id)
    round_ = row.round
    if row.chased_at is not None or answer(session, round_, row, now)[0] != MISSING:
        return False
    leaders = session.scalars(select(Person).join(Item, Item.leader_id == Person.id)
                              .where(Item.id.in_(row.item_ids or [-1]))).unique().all()
    entry = audit_chain.append(session, at=now, kind=PROGRESS_CHASED, actor_id=None, actor_name="每周报送",
                               campaign_id=round_.campaign_id,
                               data={"round": round_id, "week": round_.week, "unit": row.unit.name,
                                     "leaders": [p.name for p in leaders]})
    _enqueue(session, entry, unit_contacts(session, unit_id) + list(leaders), {**context, "at": now.isoformat()}, [])
    row.chased_at = now
    return True


def finish_round(session: Session, round_id: int, summary_path: str, context: dict, now: datetime,
                 charts: list[str] = ()) -> bool:
    """Send the weekly summary to the office and the leading group and close the round — once."""
    audit_chain.lock(session)
    round_ = session.scalars(select(CollectionRound).where(CollectionRound.id == round_id)
                             .with_for_update(of=CollectionRound)).one()
    if round_.closed_at is not None:
        return False
    entry = audit_chain.append(session, at=now, kind=SUMMARY_SENT, actor_id=None, actor_name="每周报送",
                               campaign_id=round_.campaign_id, data={"round": round_id, "week": round_.week,
                                                                     "summary": summary_path})
    readers = people_with_role(session, Role.office) + people_with_role(session, Role.member) + \
        people_with_role(session, Role.chair)
    _enqueue(session, entry, readers, {**context, "at": now.isoformat()}, [summary_path, *charts])
    round_.closed_at, round_.summary_path = now, summary_path
    return True
