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
from models.ledger_files.splitting import split_names
from models.store.collector import collector_paused
from models.store.unit_of_work import UnitOfWork, unit_of_work
from models.tables.ledger import (
    Aspect,
    Campaign,
    Item,
    ItemCooperatingUnit,
    ItemLeader,
    Measure,
    state_changes_allowed,
)
from models.tables.organisation import Person, PersonRole
from models.tables.progress import ProgressEntry

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
    leaders_granted: list[str] = []


def ledger_digest(doc: LedgerDoc) -> str:
    return hashlib.sha256(doc.model_dump_json(exclude={"items": {"__all__": {"row"}}}).encode()).hexdigest()


@collector_paused()
def load_ledger(uow: UnitOfWork, doc: LedgerDoc, *, title: str | None = None, source_type: str | None = None,
                actor_name: str = IMPORTER, now: datetime | None = None) -> ImportSummary:
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
    leaders_granted: list[str] = []
    # every unit and leader resolved before the items are added: a look-up among pending items would flush them
    unit_names = {name for e in doc.items
                  for name in (e.lead_unit, *e.cooperating_units, *(m.unit for m in e.measures if m.unit))}
    units = {name: unit_named(session, name, units_created) for name in sorted(unit_names)}
    leaders = _leaders(uow, doc, people_created, leaders_granted)

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
                         states=dict(states), units_created=units_created, people_created=people_created,
                         leaders_granted=leaders_granted)


def _item(campaign_id, aspects, units, leaders, position, entry, now) -> Item:
    people = [leaders[name] for name, _ in split_names(entry.leader)]
    item = Item(campaign_id=campaign_id, aspect_id=aspects[entry.aspect].id, position=position,
                number=entry.number, text=entry.text, lead_unit_id=units[entry.lead_unit].id,
                leader_id=people[0] if people else None,
                deadline=entry.deadline, deadline_text=entry.deadline_text, deadline_kind=entry.deadline_kind,
                remarks=entry.remarks, source_row=entry.row, created_at=now, updated_at=now)
    with state_changes_allowed():
        item.state = entry.initial_state or State.assigned.value
    item.leader_links = [ItemLeader(person_id=person_id, position=i) for i, person_id in enumerate(people)]
    item.cooperating = [ItemCooperatingUnit(unit_id=units[name].id, position=i)
                        for i, name in enumerate(entry.cooperating_units)]
    item.measures = [Measure(position=i, text=m.text, deadline=m.deadline, deadline_text=m.deadline_text,
                             unit_id=units[m.unit].id if m.unit else None)
                     for i, m in enumerate(entry.measures, 1)]
    return item


def _leaders(uow: UnitOfWork, doc: LedgerDoc, created: list[str], granted: list[str]) -> dict[str, int]:
    """Name -> person id of every responsible leader the ledger names, checked against the directory: a name
    nobody has yet becomes a new leader (listed); a leading-group member is given the leader role (listed);
    anyone else — a liaison, a unit head, the office — is not made a leader by a ledger: refused, by row."""
    session, problems, found = uow.session, [], {}
    named: dict[str, tuple[int | None, str | None]] = {}
    for entry in doc.items:
        for name, title in split_names(entry.leader):
            named.setdefault(name, (entry.row, title))
    existing = {p.name: p for p in session.scalars(select(Person).where(Person.name.in_(named)))}
    for name, (row, title) in sorted(named.items()):
        person = existing.get(name)
        if person is None:
            person = Person(name=name, title=title, addresses=[], role_rows=[PersonRole(role=Role.leader.value)])
            session.add(person)
            created.append(name)
        elif Role.leader not in person.roles:
            if not person.roles & {Role.member, Role.chair}:
                where = f"第{row}行" if row else "台账中"
                problems.append(f"{where}「责任领导」：「{person.describe()}」不是责任领导，台账不能授予此角色；"
                                f"如确为责任领导，请先在组织目录中为其加上角色 leader（责任领导）")
                continue
            person.role_rows.append(PersonRole(role=Role.leader.value))
            granted.append(name)
        person.title = person.title or title
        found[name] = person
    if problems:
        raise InvalidInput("台账中的责任领导与组织目录不符，未写入任何内容：\n" + "\n".join(problems))
    session.flush()
    Directory.of(uow).changed()
    return {name: person.id for name, person in found.items()}


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
                      actor_name: str = IMPORTER) -> ImportSummary:
    """A parsed ledger in one transaction of its own, or nothing; `actor_name` is who imports it."""
    with unit_of_work(db_url) as uow:
        return load_ledger(uow, doc, title=title, source_type=source_type, actor_name=actor_name)
