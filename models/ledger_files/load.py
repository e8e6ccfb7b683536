"""Writing a parsed ledger into the database: all of it in one transaction, or nothing."""
import hashlib
from collections import Counter, defaultdict
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import insert, select

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
)
from models.tables.organisation import Person, Unit
from models.tables.progress import Evidence, ProgressEntry

IMPORTER = "台账导入"  # the actor an import names when no one is said to have run it
CHUNK = 5_000  # items written at a time: only their rows are held, so memory stays bounded at any size


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
    """The ledger's aspects and items under `campaign`, with what came with them, and the units told (交办).
    Items and their parts are written as plain rows, one executemany per table and chunk (CHUNK items): as ORM
    objects each would cost the session's bookkeeping, the most of an import's time."""
    session = uow.session
    aspects = {name: Aspect(campaign=campaign, position=i, title=name) for i, name in enumerate(doc.aspects, 1)}
    session.add_all(aspects.values())
    session.flush()
    aspect_ids = {name: aspect.id for name, aspect in aspects.items()}
    states: Counter[str] = Counter()
    listings: dict[int, list[dict]] = defaultdict(list)  # what each lead unit is told it now leads
    unit_names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(set(names.units.values())))).all())
    for start in range(0, len(doc.items), CHUNK):
        entries = doc.items[start:start + CHUNK]
        links = [(names.leader_ids(e.leader), *spread_units(names, e)) for e in entries]  # leaders, lead, cooperating
        items = [_item(campaign.id, aspect_ids, names, position, entry, leaders, lead, now)
                 for position, (entry, (leaders, lead, _)) in enumerate(zip(entries, links), start + 1)]
        _insert(session, Item, items)
        item_ids = _item_ids(session, campaign.id, start + 1, start + len(entries))
        _parts(session, item_ids, entries, links, items, names, people, now)
        for item_id, item, entry in zip(item_ids, items, entries):
            uow.record_row(at=now, kind=ITEM_IMPORTED, actor_id=None, actor_name=actor_name, campaign_id=campaign.id,
                           item_id=item_id, to_state=item["state"],
                           data={"row": entry.row, "number": entry.number,
                                 "state_from_file": entry.initial_state is not None,
                                 "unit": unit_names[item["lead_unit_id"]],
                                 "deadline": item["deadline"].isoformat() if item["deadline"] else None})
            states[item["state"]] += 1
            listings[item["lead_unit_id"]].append({"item_id": item_id, "number": item["number"], "text": item["text"],
                                                   "deadline": item["deadline_text"] or ""})
        session.flush()  # the chunk's audit entries
    _notify_units(uow, campaign, listings, unit_names, actor_name, now)
    return ImportSummary(
        campaign_id=campaign.id, title=campaign.title, aspects=len(aspects), items=len(doc.items), states=dict(states),
        units_created=names.units_created, people_created=names.people_created,
        leaders_granted=names.leaders_granted, collectives=names.stands_for,
        kept_as_written=names.as_written,
        event_deadlines=[f"{e.number}（{e.deadline_text}）" for e in doc.items if e.deadline_kind == "event"],
        columns=doc.columns, skipped=doc.skipped, amount_unit_note=doc.amount_unit_note, amounts=amount_totals(doc.items))


def _insert(session, model, rows: list[dict]) -> None:
    """Rows of `model`'s table in one executemany (as plain rows: the ORM's bookkeeping per object is not needed)."""
    if rows:
        session.execute(insert(model.__table__), rows)


def _item_ids(session, campaign_id: int, first: int, last: int) -> list[int]:
    """The ids of the campaign's items at positions first..last, in that order."""
    ids = dict(session.execute(select(Item.position, Item.id).where(Item.campaign_id == campaign_id,
                                                                    Item.position.between(first, last))).all())
    return [ids[position] for position in range(first, last + 1)]


def _item(campaign_id: int, aspect_ids: dict[str, int], names: Names, position: int, entry: ItemDoc,
          leaders: list[int], lead: int, now: datetime) -> dict:
    return dict(campaign_id=campaign_id, aspect_id=aspect_ids[entry.aspect], position=position,
                number=entry.number, text=entry.text, parent_text=entry.parent, lead_unit_id=lead,
                leader_id=leaders[0] if leaders else None,
                deadline=entry.deadline, deadline_text=entry.deadline_text, deadline_kind=entry.deadline_kind,
                state=State(entry.initial_state or State.assigned).value, remarks=entry.remarks,
                cooperating_as_written=[n for n in entry.cooperating_units if n in names.as_written],
                problem_amount=entry.problem_amount, rectified_amount=entry.rectified_amount,
                source_row=entry.row, created_at=now, updated_at=now, version=1)


def _parts(session, item_ids: list[int], entries: list[ItemDoc], links: list[tuple], items: list[dict], names: Names,
           people: dict[str, int], now: datetime) -> None:
    """What belongs to each item: its leaders, cooperating units, measures, stage targets, progress, evidence."""
    leaders, cooperating, measures, targets, evidence = [], [], [], [], []
    for item_id, entry, (leader_ids, _, unit_ids) in zip(item_ids, entries, links):
        leaders += [dict(item_id=item_id, person_id=person_id, position=i) for i, person_id in enumerate(leader_ids)]
        cooperating += [dict(item_id=item_id, unit_id=unit_id, position=i) for i, unit_id in enumerate(unit_ids)]
        measures += [dict(item_id=item_id, position=i, text=m.text, kind=m.kind, done=m.done, deadline=m.deadline,
                          deadline_text=m.deadline_text, unit_id=_measure_unit(names, m.unit))
                     for i, m in enumerate(entry.measures, 1)]
        targets += [dict(item_id=item_id, position=i, text=t.text, due=t.due) for i, t in enumerate(entry.stage_targets, 1)]
        evidence += [dict(item_id=item_id, sha256=e.sha256, filename=e.filename, size=e.size,
                          added_by_id=people[e.added_by], added_at=e.added_at) for e in entry.evidence]
    for model, rows in ((ItemLeader, leaders), (ItemCooperatingUnit, cooperating), (Measure, measures),
                        (StageTarget, targets), (Evidence, evidence)):
        _insert(session, model, rows)
    measure_ids = _measure_ids(session, item_ids) if any(e.history for e in entries) else {}
    _insert(session, ProgressEntry, [row for item_id, entry, item in zip(item_ids, entries, items)
                                     for row in _progress(item_id, entry, item, measure_ids, names, people, now)])


def _measure_ids(session, item_ids: list[int]) -> dict[tuple[int, int], int]:
    """(item id, position) -> id of these items' measures, for the progress reports that name one."""
    rows = session.execute(select(Measure.item_id, Measure.position, Measure.id).where(Measure.item_id.in_(item_ids)))
    return {(item_id, position): measure_id for item_id, position, measure_id in rows}


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


def _progress(item_id: int, entry: ItemDoc, item: dict, measure_ids: dict[tuple[int, int], int], names: Names,
              people: dict[str, int], now: datetime) -> list[dict]:
    """The progress that came with the item: an exported ledger's whole history (a report names its measure by
    its number among the item's 整改措施), or an office ledger's 整改进展 cell as the lead unit's report."""
    if entry.history:
        numbered = [position for position, m in enumerate(entry.measures, 1) if m.kind == "measure"]
        return [dict(item_id=item_id, unit_id=names.units[p.unit], person_id=people.get(p.person), text=p.text,
                     percent=p.percent, week=p.week, reported_at=p.reported_at, done=p.done,
                     measure_id=measure_ids[item_id, numbered[p.measure - 1]] if p.measure else None) for p in entry.history]
    if entry.progress:  # the ledger's 整改情况 of a problem it says is done tells what was done
        return [dict(item_id=item_id, unit_id=item["lead_unit_id"], person_id=None, text=entry.progress, percent=None,
                     week=None, reported_at=now, done=item["state"] in (State.closed.value, State.verified.value),
                     measure_id=None)]
    return []


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
