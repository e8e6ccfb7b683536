"""Writing a parsed ledger into the database: all of it in one transaction, or nothing."""
import hashlib
from collections import Counter, defaultdict
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select

from models.directory.lookup import Directory
from models.directory.recipients import enqueue
from models.domain.amounts import amount_totals
from models.domain.clock import utcnow
from models.domain.events import ITEM_IMPORTED, LEDGER_IMPORTED
from models.domain.refusals import InvalidInput
from models.domain.via import Via
from models.domain.vocabulary import SOURCE_TYPES, State, source_type_in
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.document import ColumnReading, ItemDoc, LedgerDoc, SkippedRow
from models.ledger_files.names import Names, resolve_names, spread_units
from models.store.collector import collector_paused
from models.store.unit_of_work import UnitOfWork, unit_of_work
from models.tables.ledger import (
    Aspect,
    Campaign,
    Item,
    ItemCooperatingUnit,
    ItemLeader,
    Measure,
    StageTarget,
    state_changes_allowed,
)
from models.tables.organisation import Person, Unit
from models.tables.progress import Evidence, ProgressEntry

IMPORTER = "台账导入"  # the actor an import names when no one is said to have run it
CHUNK = 5_000  # items written at a time: the session holds only these strongly, so memory stays bounded


class ImportSummary(BaseModel):
    campaign_id: int
    title: str
    already_imported: bool = False
    aspects: int = 0
    items: int = 0
    states: dict[str, int] = {}
    units_created: list[str] = []
    people_created: list[str] = []
    leaders_granted: list[str] = []  # leading-group members named as responsible leaders, given that role
    collectives: dict[str, list[str]] = {}  # a collective name (各科室) -> the units it stood for
    kept_as_written: dict[str, int | None] = {}  # cooperating collectives no directory unit stands for -> row
    event_deadlines: list[str] = []  # items whose deadline is an event (…时, …后): the office sets a date
    columns: list[ColumnReading] = []
    skipped: list[SkippedRow] = []
    amount_unit_note: str | None = None
    amounts: dict[str, float] = {}  # 问题金额 / 整改到位金额 totals, 万元


def ledger_digest(doc: LedgerDoc) -> str:
    """The ledger's content (not where in the file each part stood, nor how the file was read)."""
    exclude = {"items": {"__all__": {"row"}}, "columns": True, "skipped": True, "amount_unit_note": True}
    return hashlib.sha256(doc.model_dump_json(exclude=exclude).encode()).hexdigest()


@collector_paused()
def load_ledger(uow: UnitOfWork, doc: LedgerDoc, *, title: str | None = None, source_type: str | None = None,
                actor_name: str = IMPORTER, now: datetime | None = None,
                options: ColumnOptions = ColumnOptions()) -> ImportSummary:
    now = now or utcnow()
    title = (title or doc.campaign.title or "").strip()
    if not title:
        raise InvalidInput("台账文件中没有标题行，请用 --campaign 指定整改任务名称")
    source = source_type or doc.campaign.source_type or source_type_in(title)
    if source not in SOURCE_TYPES:
        raise InvalidInput(f"无法从标题判断问题来源，请用 --source 指定（{'/'.join(SOURCE_TYPES)}）")
    uow.lock_chain()
    session = uow.session
    digest = ledger_digest(doc)
    existing = session.scalars(select(Campaign).where(Campaign.title == title)).one_or_none()
    if existing is not None:
        if existing.source_digest == digest:
            return ImportSummary(campaign_id=existing.id, title=title, already_imported=True)
        raise InvalidInput(f"整改任务「{title}」已存在（#{existing.id}），且内容与本文件不同；未写入任何内容。"
                           f"如为另一批问题，请用 --campaign 另起名称；如要更正这次导入，请用 rectiflow campaign replace")
    names = resolve_names(uow, doc)  # every unit and leader, before any item: a look-up among pending items flushes
    people = history_people(uow, doc)
    campaign = Campaign(title=title, source_type=source, feedback_date=doc.campaign.feedback_date,
                        period_end=doc.campaign.period_end, source_digest=digest, created_at=now,
                        column_mapping=options.model_dump())
    session.add(campaign)
    session.flush()
    summary = write_items(uow, campaign, doc, names, people, actor_name, now)
    return summary.model_copy(update={"campaign_id": campaign.id, "title": title})


def write_items(uow: UnitOfWork, campaign: Campaign, doc: LedgerDoc, names: Names, people: dict[str, int],
                actor_name: str, now: datetime) -> ImportSummary:
    """The ledger's aspects and items under `campaign`, with what came with them, and the units told (交办)."""
    session = uow.session
    aspects = {name: Aspect(campaign=campaign, position=i, title=name) for i, name in enumerate(doc.aspects, 1)}
    session.add_all(aspects.values())
    session.flush()
    states: Counter[str] = Counter()
    listings: dict[int, list[dict]] = defaultdict(list)  # what each lead unit is told it now leads
    unit_names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(set(names.units.values())))).all())
    for start in range(0, len(doc.items), CHUNK):
        entries = doc.items[start:start + CHUNK]
        items = [_item(campaign.id, aspects, names, position, entry, now)
                 for position, entry in enumerate(entries, start + 1)]
        session.add_all(items)
        session.flush()
        for item, entry in zip(items, entries):
            _history(session, item, entry, names, people, now)
            uow.record(at=now, kind=ITEM_IMPORTED, actor_id=None, actor_name=actor_name, campaign_id=campaign.id,
                       item_id=item.id, to_state=item.state,
                       data={"row": entry.row, "number": entry.number, "state_from_file": entry.initial_state is not None,
                             "unit": unit_names[item.lead_unit_id],
                             "deadline": item.deadline.isoformat() if item.deadline else None})
            states[item.state] += 1
            listings[item.lead_unit_id].append({"item_id": item.id, "number": item.number, "text": item.text,
                                                "deadline": item.deadline_text or ""})
        session.flush()  # written: from here on the session holds these items only weakly
    _notify_units(uow, campaign, listings, unit_names, actor_name, now)
    return ImportSummary(
        campaign_id=campaign.id, title=campaign.title, aspects=len(aspects), items=len(doc.items), states=dict(states),
        units_created=names.units_created, people_created=names.people_created,
        leaders_granted=names.leaders_granted, collectives=names.stands_for,
        kept_as_written=names.as_written,
        event_deadlines=[f"{e.number}（{e.deadline_text}）" for e in doc.items if e.deadline_kind == "event"],
        columns=doc.columns, skipped=doc.skipped, amount_unit_note=doc.amount_unit_note, amounts=amount_totals(doc.items))


def _item(campaign_id: int, aspects: dict[str, Aspect], names: Names, position: int, entry: ItemDoc,
          now: datetime) -> Item:
    lead, cooperating = spread_units(names, entry)
    leaders = names.leader_ids(entry.leader)
    item = Item(campaign_id=campaign_id, aspect_id=aspects[entry.aspect].id, position=position,
                number=entry.number, text=entry.text, parent_text=entry.parent, lead_unit_id=lead,
                leader_id=leaders[0] if leaders else None,
                deadline=entry.deadline, deadline_text=entry.deadline_text, deadline_kind=entry.deadline_kind,
                remarks=entry.remarks, cooperating_as_written=[n for n in entry.cooperating_units if n in names.as_written],
                problem_amount=entry.problem_amount, rectified_amount=entry.rectified_amount,
                source_row=entry.row, created_at=now, updated_at=now)
    with state_changes_allowed():
        item.state = entry.initial_state or State.assigned.value
    item.leader_links = [ItemLeader(person_id=person_id, position=i) for i, person_id in enumerate(leaders)]
    item.cooperating = [ItemCooperatingUnit(unit_id=unit_id, position=i) for i, unit_id in enumerate(cooperating)]
    item.measures = [Measure(position=i, text=m.text, kind=m.kind, done=m.done, deadline=m.deadline,
                             deadline_text=m.deadline_text, unit_id=_measure_unit(names, m.unit))
                     for i, m in enumerate(entry.measures, 1)]
    item.stage_targets = [StageTarget(position=i, text=t.text, due=t.due) for i, t in enumerate(entry.stage_targets, 1)]
    return item


def _measure_unit(names: Names, unit: str | None) -> int | None:
    """A measure's own unit; a collective one means the item's units, so the measure keeps none of its own."""
    return names.units.get(unit) if unit and unit not in names.stands_for else None


def history_people(uow: UnitOfWork, doc: LedgerDoc) -> dict[str, int]:
    """Name -> id of the people an exported ledger's history names (who reported, who added evidence): they must
    be in the directory already."""
    named = {p.person for e in doc.items for p in e.history if p.person} | {v.added_by for e in doc.items
                                                                            for v in e.evidence}
    if not named:
        return {}
    found = dict(uow.session.execute(select(Person.name, Person.id).where(Person.name.in_(named))).all())
    missing = sorted(named - set(found))
    if missing:
        raise InvalidInput(f"台账的整改进展或佐证材料中的人员不在组织目录中：{'、'.join(missing)}；请先导入组织目录，未写入任何内容")
    return found


def _history(session, item: Item, entry: ItemDoc, names: Names, people: dict[str, int], now: datetime) -> None:
    """The progress and evidence that came with the item: an exported ledger's whole history, or an office
    ledger's 整改进展 cell as the lead unit's report."""
    if entry.history:
        measures = [m for m in item.measures if m.kind == "measure"]
        session.add_all(ProgressEntry(item_id=item.id, unit_id=names.units[p.unit], person_id=people.get(p.person),
                                      text=p.text, percent=p.percent, week=p.week, reported_at=p.reported_at,
                                      done=p.done, measure_id=measures[p.measure - 1].id if p.measure else None)
                        for p in entry.history)
    elif entry.progress:  # the ledger's 整改情况 of a problem it says is done tells what was done
        session.add(ProgressEntry(item_id=item.id, unit_id=item.lead_unit_id, text=entry.progress, reported_at=now,
                                  done=item.state in (State.closed.value, State.verified.value)))
    session.add_all(Evidence(item_id=item.id, sha256=e.sha256, filename=e.filename, size=e.size,
                             added_by_id=people[e.added_by], added_at=e.added_at) for e in entry.evidence)


def _notify_units(uow: UnitOfWork, campaign: Campaign, listings: dict[int, list[dict]], unit_names: dict[int, str],
                  actor_name: str, now: datetime) -> None:
    """One message per unit listing the items it now leads (交办); the office hears when no unit can."""
    total = sum(map(len, listings.values()))
    entry = uow.record(at=now, kind=LEDGER_IMPORTED, actor_id=None, actor_name=actor_name,
                       campaign_id=campaign.id, data={"items": total})
    directory = Directory.of(uow)
    directory.load(listings, ())
    told = 0
    for unit_id, listing in listings.items():
        for person in directory.unit_contacts(unit_id):
            told += enqueue(uow, entry, [person], {"campaign": campaign.title, "unit": unit_names[unit_id],
                                                   "items": listing, "at": now.isoformat(), "actor": actor_name})
    if not told:
        enqueue(uow, entry, [], {"campaign": campaign.title, "unit": "", "items": [], "total": total,
                                 "at": now.isoformat(), "actor": actor_name})


def import_ledger_doc(db_url: str, doc: LedgerDoc, title: str | None = None, source_type: str | None = None,
                      actor_name: str = IMPORTER, options: ColumnOptions = ColumnOptions(),
                      now: datetime | None = None, via: Via | None = None) -> ImportSummary:
    """A parsed ledger in one transaction of its own, or nothing; `actor_name` is who imports it, `via` how they
    came (the portal's), recorded on its audit entries."""
    with unit_of_work(db_url, via) as uow:
        return load_ledger(uow, doc, title=title, source_type=source_type, actor_name=actor_name, options=options,
                           now=now)
