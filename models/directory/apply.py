"""Applying an organisation directory: units and people are created or updated, never deleted."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.directory.org_file import OrgDoc
from models.domain.addresses import form_problem, refusal
from models.domain.clock import utcnow
from models.domain.events import DIRECTORY_IMPORTED
from models.domain.refusals import InvalidInput
from models.store.unit_of_work import UnitOfWork, unit_of_work
from models.tables.organisation import Person, PersonRole, Unit


class DirectorySummary(BaseModel):
    units_created: list[str]
    people_created: list[str]
    people_updated: list[str]


def unit_named(session: Session, name: str, created: list[str]) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.name == name)).one_or_none()
    if unit is None:
        unit = Unit(name=name)
        session.add(unit)
        session.flush()
        created.append(name)
    return unit


def check_addresses(doc: OrgDoc, allowed: frozenset[str]) -> None:
    import apprise  # only here: read-only commands should not pay for importing it

    bad = [f"「{p.name}」的通知地址「{a.split('://')[0]}://…」" for p in doc.people for a in p.addresses
           if apprise.Apprise.instantiate(a, suppress_exceptions=True) is None]
    if bad:
        raise InvalidInput("以下通知地址无法识别（应为 apprise 地址，如 mailto://、dingtalk://），未写入任何内容：\n"
                           + "\n".join(bad))
    misread = [f"「{p.name}」：{why}" for p in doc.people for a in p.addresses if (why := form_problem(a))]
    if misread:
        raise InvalidInput("以下通知地址的写法不对，未写入任何内容：\n" + "\n".join(misread))
    internal = [f"「{p.name}」：{why}" for p in doc.people for a in p.addresses if (why := refusal(a, allowed))]
    if internal:
        raise InvalidInput("以下通知地址不能使用，未写入任何内容：\n" + "\n".join(internal))


def apply_directory(uow: UnitOfWork, doc: OrgDoc, actor_name: str, now: datetime | None = None,
                    allowed_hosts: frozenset[str] = frozenset(), source_file: str | None = None) -> DirectorySummary:
    check_addresses(doc, allowed_hosts)
    uow.lock_chain()
    session = uow.session
    units_created: list[str] = []
    for unit in doc.units:
        unit_named(session, unit.name, units_created)
    created, updated = [], []
    for entry in doc.people:
        person = session.scalars(select(Person).where(Person.name == entry.name)).one_or_none()
        if person is None:
            person = Person(name=entry.name)
            session.add(person)
            created.append(entry.name)
        else:
            updated.append(entry.name)
        person.unit = unit_named(session, entry.unit, units_created) if entry.unit else None
        person.addresses = list(entry.addresses)
        wanted = [r.value for r in dict.fromkeys(entry.roles)]
        kept = [row for row in person.role_rows if row.role in wanted]
        person.role_rows = kept + [PersonRole(role=r) for r in wanted if r not in {k.role for k in kept}]
    session.flush()
    Directory.of(uow).changed()
    uow.record(at=now or utcnow(), kind=DIRECTORY_IMPORTED, actor_id=None, actor_name=actor_name,
               data={"file": source_file, "units_created": units_created, "people_created": created,
                     "people_updated": updated})
    return DirectorySummary(units_created=units_created, people_created=created, people_updated=updated)


def import_directory(db_url: str, doc: OrgDoc, actor_name: str, allowed_hosts: frozenset[str] = frozenset(),
                     source_file: str | None = None, now: datetime | None = None) -> DirectorySummary:
    """The whole directory file in one transaction, or nothing; `actor_name` is who imports it."""
    with unit_of_work(db_url) as uow:
        return apply_directory(uow, doc, actor_name, now, allowed_hosts=allowed_hosts, source_file=source_file)
