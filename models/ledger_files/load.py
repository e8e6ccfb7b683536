"""Writing a parsed ledger into the database: all of it in one transaction, or nothing."""
import hashlib
from collections import Counter, defaultdict
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select

from models.directory.apply import unit_named
from models.directory.lookup import Directory
from models.directory.recipients import enqueue
from models.domain.clock import utcnow
from models.domain.events import ITEM_IMPORTED, LEDGER_IMPORTED
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import SOURCE_TYPES, Role, State, source_type_in
from models.ledger_files.document import LedgerDoc
from models.store.collector import collector_paused
from models.store.unit_of_work import UnitOfWork, unit_of_work
from models.tables.ledger import Aspect, Campaign, Item, ItemCooperatingUnit, Measure, state_changes_allowed
from models.tables.organisation import Person, PersonRole
from models.tables.progress import ProgressEntry

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


def ledger_digest(doc: LedgerDoc) -> str:
    return hashlib.sha256(doc.model_dump_json(exclude={"items": {"__all__": {"row"}}}).encode()).hexdigest()


@collector_paused()
def load_ledger(uow: UnitOfWork, doc: LedgerDoc, *, title: str | None = None, source_type: str | None = None,
                actor_name: str = "台账导入", now: datetime | None = None) -> ImportSummary:
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
        raise InvalidInput(f"整改任务「{title}」已存在（#{existing.id}），且内容与本文件不同；"
                           f"未写入任何内容。如为另一批问题，请用 --campaign 另起名称")

    campaign = Campaign(title=title, source_type=source, feedback_date=doc.campaign.feedback_date,
                        period_end=doc.campaign.period_end, source_digest=digest, created_at=now)
    session.add(campaign)
    aspects = {name: Aspect(campaign=campaign, position=i, title=name) for i, name in enumerate(doc.aspects, 1)}
    session.add_all(aspects.values())
    session.flush()

    units_created: list[str] = []
    people_created: list[str] = []
    # every unit and leader resolved before the items are added: a look-up among pending items would flush them
    unit_names = {name for e in doc.items
                  for name in (e.lead_unit, *e.cooperating_units, *(m.unit for m in e.measures if m.unit))}
    units = {name: unit_named(session, name, units_created) for name in sorted(unit_names)}
    leaders = {name: _leader(uow, name, people_created)
               for name in sorted({e.leader for e in doc.items if e.leader})}

    states: Counter[str] = Counter()
    listings: dict[int, list[dict]] = defaultdict(list)  # what each lead unit is told it now leads
    for start in range(0, len(doc.items), CHUNK):
        entries = doc.items[start:start + CHUNK]
        items = [_item(campaign.id, aspects, units, leaders, position, entry, now)
                 for position, entry in enumerate(entries, start + 1)]
        session.add_all(items)
        session.flush()
        for item, entry in zip(items, entries):
            if entry.progress:
                session.add(ProgressEntry(item_id=item.id, unit_id=item.lead_unit_id, text=entry.progress,
                                          reported_at=now))
            uow.record(at=now, kind=ITEM_IMPORTED, actor_id=None, actor_name=actor_name,
                               campaign_id=campaign.id, item_id=item.id, to_state=item.state,
                               data={"row": entry.row, "number": entry.number,
                                     "state_from_file": entry.initial_state is not None})
            states[item.state] += 1
            listings[item.lead_unit_id].append({"item_id": item.id, "number": item.number, "text": item.text,
                                                "deadline": item.deadline_text or ""})
        session.flush()  # written: from here on the session holds these items only weakly
    _notify_units(uow, campaign, listings, {u.id: u.name for u in units.values()}, actor_name, now)
    return ImportSummary(campaign_id=campaign.id, title=title, aspects=len(aspects), items=len(doc.items),
                         states=dict(states), units_created=units_created, people_created=people_created)


def _item(campaign_id, aspects, units, leaders, position, entry, now) -> Item:
    item = Item(campaign_id=campaign_id, aspect_id=aspects[entry.aspect].id, position=position,
                number=entry.number, text=entry.text, lead_unit_id=units[entry.lead_unit].id,
                leader_id=leaders[entry.leader] if entry.leader else None,
                deadline=entry.deadline, deadline_text=entry.deadline_text, deadline_kind=entry.deadline_kind,
                remarks=entry.remarks, source_row=entry.row, created_at=now, updated_at=now)
    with state_changes_allowed():
        item.state = entry.initial_state or State.assigned.value
    item.cooperating = [ItemCooperatingUnit(unit_id=units[name].id, position=i)
                        for i, name in enumerate(entry.cooperating_units)]
    item.measures = [Measure(position=i, text=m.text, deadline=m.deadline, deadline_text=m.deadline_text,
                             unit_id=units[m.unit].id if m.unit else None)
                     for i, m in enumerate(entry.measures, 1)]
    return item


def _leader(uow: UnitOfWork, name: str, created: list[str]) -> int:
    session = uow.session
    person = session.scalars(select(Person).where(Person.name == name)).one_or_none()
    if person is None:
        person = Person(name=name, addresses=[])
        session.add(person)
        created.append(name)
    if Role.leader not in person.roles:
        person.role_rows.append(PersonRole(role=Role.leader.value))
        Directory.of(uow).changed()
    session.flush()
    return person.id


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


def import_ledger_doc(db_url: str, doc: LedgerDoc, title: str | None = None, source_type: str | None = None
                      ) -> ImportSummary:
    """A parsed ledger in one transaction of its own, or nothing."""
    with unit_of_work(db_url) as uow:
        return load_ledger(uow, doc, title=title, source_type=source_type)
