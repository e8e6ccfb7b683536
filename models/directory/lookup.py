"""Finding people and units by what users type.

Answers are cached for the transaction. A batch of transitions asks for hundreds of actors and every
unit's contacts, and a query for each would also flush the batch's pending rows each time: it reads the
people it can need up front (`load_directory`); single operations ask only what they need."""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from models.tables.organisation import Person, PersonRole, Unit
from models.domain.refusals import NotFound
from models.domain.vocabulary import UNIT_ROLES, Role

_KEY = "directory"


@dataclass
class _Directory:
    by_ref: dict[str, Person] = field(default_factory=dict)  # name and "#id"
    by_role: dict[tuple[Role, int | None], list[Person]] = field(default_factory=lambda: defaultdict(list))
    asked: set[tuple[Role, int | None]] = field(default_factory=set)  # answered by a query of their own
    units: set[int] = field(default_factory=set)  # every person of these units is here
    wide_roles: bool = False  # every holder of a directory-wide role is here

    def knows(self, role: Role, unit_id: int | None) -> bool:
        return ((role, unit_id) in self.asked or (self.wide_roles and role not in UNIT_ROLES)
                or unit_id in self.units)


def _directory(session: Session) -> _Directory:
    return session.info.setdefault(_KEY, _Directory())


def load_directory(session: Session, unit_ids: Iterable[int], refs: Iterable[str]) -> None:
    """Read, in one query, the people a batch can need: everyone in its units, everyone holding a
    directory-wide role (office, leaders, members, chair) and the people it names (its actors)."""
    directory = _Directory(units=set(unit_ids), wide_roles=True)
    refs = {ref.strip() for ref in refs}
    ids = {int(ref[1:]) for ref in refs if ref.startswith("#") and ref[1:].isdigit()}
    wide = select(PersonRole.person_id).where(PersonRole.role.not_in([r.value for r in UNIT_ROLES]))
    query = select(Person).where(or_(Person.unit_id.in_(directory.units), Person.id.in_(wide),
                                     Person.name.in_(refs), Person.id.in_(ids))).order_by(Person.id)
    for person in session.scalars(query).unique():  # roles: selectin
        directory.by_ref[person.name] = directory.by_ref[f"#{person.id}"] = person
        for held in person.roles:
            if held not in UNIT_ROLES:
                directory.by_role[held, None].append(person)
            directory.by_role[held, person.unit_id].append(person)
    session.info[_KEY] = directory


def find_person(session: Session, ref: str) -> Person:
    ref, directory = ref.strip(), _directory(session)
    if ref not in directory.by_ref:
        if ref.startswith("#") and ref[1:].isdigit():
            found = session.get(Person, int(ref[1:]))
        else:
            found = session.scalars(select(Person).where(Person.name == ref)).one_or_none()
        if found is None:
            raise NotFound(f"组织目录中没有人员「{ref}」（可用 rectiflow org list 查看）")
        directory.by_ref[ref] = found
    return directory.by_ref[ref]


def find_unit(session: Session, name: str) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.name == name.strip())).one_or_none()
    if unit is None:
        raise NotFound(f"组织目录中没有单位「{name}」（可用 rectiflow org list 查看）")
    return unit


def people_with_role(session: Session, role: Role, unit_id: int | None = None) -> list[Person]:
    directory = _directory(session)
    if not directory.knows(role, unit_id):
        query = select(Person).join(PersonRole).where(PersonRole.role == role.value).order_by(Person.id)
        if unit_id is not None:
            query = query.where(Person.unit_id == unit_id)
        directory.by_role[role, unit_id] = list(session.scalars(query).unique())
        directory.asked.add((role, unit_id))
    return list(directory.by_role.get((role, unit_id), ()))


def forget_directory(session: Session) -> None:
    """After the directory changed in this transaction."""
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        forget_directory(session)
