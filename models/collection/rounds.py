"""A collection round's steps, each idempotent and in the caller's unit of work: open the round, ask a
unit, chase a unit, finish the round with the summary. (Who answered: models/queries/round_answers.py.)"""
from collections import defaultdict
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.directory.recipients import tell
from models.domain.answers import MISSING
from models.domain.chinese_dates import cn_datetime
from models.domain.events import PROGRESS_CHASED, PROGRESS_REQUESTED, ROUND_OPENED, SUMMARY_SENT
from models.domain.refusals import InvalidInput, NotFound, TooEarly
from models.domain.vocabulary import OPEN_STATES, Role
from models.domain.weeks import round_window
from models.queries.round_answers import answer
from models.store.batches import batched
from models.store.checkpoints import publish_in
from models.store.unit_of_work import UnitOfWork
from models.tables.collection import CollectionRound, RoundUnit
from models.tables.ledger import Campaign, Item, ItemCooperatingUnit, ItemLeader
from models.tables.organisation import Person, Unit

SENDER = "每周报送"  # the actor the audit log names for the round's own steps


class RoundPlan(BaseModel):
    round_id: int
    campaign: str
    week: str
    units: list[tuple[int, str]]  # (unit id, name), in the order they are asked


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


def open_round(uow: UnitOfWork, campaign_id: int, week: str, now: datetime, create: bool = True,
               force: bool = False) -> RoundPlan:
    """Create the round and its unit rows once; opening it again returns the same plan.
    With create=False (closing), a round that was never opened is an error, and so is one not due yet — unless
    `force`: closing chases every unit that has not answered."""
    uow.lock_chain()
    session = uow.session
    campaign = session.get(Campaign, campaign_id)
    round_ = session.scalars(select(CollectionRound).where(CollectionRound.campaign_id == campaign_id,
                                                           CollectionRound.week == week)).one_or_none()
    if round_ is None and not create:
        raise NotFound(f"《{campaign.title}》{week} 的报送尚未开启（rectiflow collect open --week {week}）")
    if round_ is not None and not create and not force and round_.closed_at is None and now < round_.due_at:
        silent = [row.unit.name for row in round_.units if answer(session, round_, row, now)[0] == MISSING]
        raise TooEarly(f"《{campaign.title}》{week} 的报送截止时间是 {cn_datetime(round_.due_at, campaign.collect_timezone)}，"
                       f"还没有到：现在汇总将催报尚未报送的 {len(silent)} 个单位"
                       + (f"（{'、'.join(silent)}）" if silent else "")
                       + f"，并发出周汇总。确需提前汇总，请加 --force（rectiflow collect close --week {week} --force）")
    if round_ is None:
        _, due = round_window(week, campaign.collect_open_cron, campaign.collect_due_cron, campaign.collect_timezone)
        if due <= now:
            raise InvalidInput(f"{week} 的报送截止时间（{cn_datetime(due, campaign.collect_timezone)}）"
                               f"已过，不能再开启该周报送")
        round_ = CollectionRound(campaign_id=campaign_id, week=week, opened_at=now, due_at=due)
        round_.units = [RoundUnit(unit_id=unit_id, item_ids=item_ids)
                        for unit_id, item_ids in open_items_by_unit(session, campaign_id).items()]
        session.add(round_)
        session.flush()
        uow.record(at=now, kind=ROUND_OPENED, actor_id=None, actor_name=SENDER, campaign_id=campaign_id,
                   data={"round": round_.id, "week": week, "units": [u.unit_id for u in round_.units]})
    units = session.execute(select(RoundUnit.unit_id, Unit.name).join(Unit, RoundUnit.unit_id == Unit.id)
                            .where(RoundUnit.round_id == round_.id).order_by(RoundUnit.id)).all()
    return RoundPlan(round_id=round_.id, campaign=campaign.title, week=week, units=[tuple(unit) for unit in units])


def round_unit(session: Session, round_id: int, unit_id: int) -> RoundUnit:
    row = session.scalars(select(RoundUnit).where(RoundUnit.round_id == round_id, RoundUnit.unit_id == unit_id)
                          .with_for_update(of=RoundUnit)).one_or_none()
    if row is None:
        raise NotFound(f"报送轮次 #{round_id} 中没有该单位")
    return row


def round_units(session: Session, round_id: int, unit_ids: list[int], lock: bool = False) -> list[RoundUnit]:
    """The rows of these units, in the order given (one query for a group); `lock`: locked for the transaction,
    as asking or chasing a unit needs its row."""
    query = select(RoundUnit).where(RoundUnit.round_id == round_id, RoundUnit.unit_id.in_(unit_ids or [-1]))
    found = {row.unit_id: row for row in session.scalars(query.with_for_update(of=RoundUnit) if lock else query)}
    missing = [unit_id for unit_id in unit_ids if unit_id not in found]
    if missing:
        raise NotFound(f"报送轮次 #{round_id} 中没有单位 #{missing[0]}")
    return [found[unit_id] for unit_id in unit_ids]


def ask_unit(uow: UnitOfWork, row: RoundUnit, form_path: str, form_spec: dict, context: dict, now: datetime) -> bool:
    """Queue the request (with its form) to the unit's liaison and head, once. False: already asked. `row`: the unit's,
    locked in this transaction after the chain (`uow.lock_chain()`, then `round_units(…, lock=True)` for a group)."""
    uow.lock_chain()
    if row.asked_at is not None:
        return False
    round_ = row.round
    entry = uow.record(at=now, kind=PROGRESS_REQUESTED, actor_id=None, actor_name=SENDER,
                       campaign_id=round_.campaign_id,
                       data={"round": round_.id, "week": round_.week, "unit": row.unit.name, "items": row.item_ids})
    tell(uow, entry, Directory.of(uow).unit_contacts(row.unit_id), {**context, "at": now.isoformat()}, [form_path])
    row.asked_at, row.form_path, row.form_spec = now, form_path, form_spec
    return True


def chase_unit(uow: UnitOfWork, row: RoundUnit, leaders: list[Person], context: dict, now: datetime,
               status: str | None = None) -> bool:
    """Remind a unit that has not answered, and tell its responsible leaders (催报) — once. `row`: the unit's, locked
    in this transaction after the chain (as for `ask_unit`); `leaders`: its leaders as `units_leaders` gives them (a
    group's in one query); `status`: its answer as the caller read it in this transaction after `uow.lock_chain()`
    (a group's in one query)."""
    uow.lock_chain()
    session = uow.session
    round_ = row.round
    if row.chased_at is not None or (status or answer(session, round_, row, now)[0]) != MISSING:
        return False
    entry = uow.record(at=now, kind=PROGRESS_CHASED, actor_id=None, actor_name=SENDER, campaign_id=round_.campaign_id,
                       data={"round": round_.id, "week": round_.week, "unit": row.unit.name,
                             "leaders": [p.name for p in leaders]})
    tell(uow, entry, Directory.of(uow).unit_contacts(row.unit_id) + leaders, {**context, "at": now.isoformat()})
    row.chased_at = now
    return True


def units_leaders(session: Session, rows: list[RoundUnit]) -> dict[int, list[Person]]:
    """Unit id -> the responsible leaders of the items it was asked about, each once, in the order the items name
    them (the ledger's order of items, then each item's order of leaders)."""
    wanted = sorted({item_id for row in rows for item_id in row.item_ids})
    by_item: dict[int, list[int]] = defaultdict(list)
    for chunk in batched(wanted):
        for item_id, person_id in session.execute(
                select(ItemLeader.item_id, ItemLeader.person_id).where(ItemLeader.item_id.in_(chunk))
                .order_by(ItemLeader.item_id, ItemLeader.position, ItemLeader.id)):
            by_item[item_id].append(person_id)
    # a province's items name a few leaders many times over: each person is loaded once
    people_ids = sorted({person_id for ids in by_item.values() for person_id in ids})
    people = {person.id: person for chunk in batched(people_ids)
              for person in session.scalars(select(Person).where(Person.id.in_(chunk)))}
    return {row.unit_id: [people[person_id] for person_id in
                          dict.fromkeys(p for item_id in row.item_ids for p in by_item.get(item_id, ()))]
            for row in rows}


def finish_round(uow: UnitOfWork, round_id: int, summary_path: str, context: dict, now: datetime,
                 charts: list[str] = ()) -> bool:
    """Send the weekly summary to the office and the leading group and close the round — once."""
    uow.lock_chain()
    round_ = uow.session.scalars(select(CollectionRound).where(CollectionRound.id == round_id)
                                 .with_for_update(of=CollectionRound)).one()
    if round_.closed_at is not None:
        return False
    entry = uow.record(at=now, kind=SUMMARY_SENT, actor_id=None, actor_name=SENDER, campaign_id=round_.campaign_id,
                       data={"round": round_id, "week": round_.week, "summary": summary_path})
    directory = Directory.of(uow)
    readers = directory.with_role(Role.office) + directory.with_role(Role.member) + directory.with_role(Role.chair)
    context = {**context, "at": now.isoformat(), "checkpoint": publish_in(uow)}  # the chain's head, signed
    tell(uow, entry, readers, context, [summary_path, *charts])
    round_.closed_at, round_.summary_path = now, summary_path
    return True
