"""Finding people and units by what users type.

Answers are cached for the transaction. A batch of transitions asks for hundreds of actors and every
unit's contacts, and a query for each would also flush the batch's pending rows each time: it reads the
whole directory up front (`load_directory`); single operations ask only what they need."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from models.organisation import Person, PersonRole, Unit
from models.refusals import NotFound
from models.vocabulary import Role

_KEY = "directory"


@dataclass
class _Directory:
    by_ref: dict[str, Person] = field(default_factory=dict)  # name and "#id"
    by_role: dict[tuple[Role, int | None], list[Person]] = field(default_factory=dict)
    complete: bool = False  # the whole directory was read: what is not here does not exist


def _directory(session: Session) -> _Directory:
    return session.info.setdefault(_KEY, _Directory())


def load_directory(session: Session) -> None:
    directory = _Directory(by_role=defaultdict(list), complete=True)
    for person in session.scalars(select(Person).order_by(Person.id)).unique():  # roles: selectin
        directory.by_ref[person.name] = directory.by_ref[f"#{person.id}"] = person
        for held in person.roles:
            directory.by_role[held, None].append(person)
            directory.by_role[held, person.unit_id].append(person)
    session.info[_KEY] = directory


def find_person(session: Session, ref: str) -> Person:
    ref, directory = ref.strip(), _directory(session)
    if ref not in directory.by_ref and not directory.complete:
        if ref.startswith("#") and ref[1:].isdigit():
            found = session.get(Person, int(ref[1:]))
        else:
            found = session.scalars(select(Person).where(Person.name == ref)).one_or_none()
        if found is not None:
            directory.by_ref[ref] = found
    if ref not in directory.by_ref:
        raise NotFound(f"组织目录中没有人员「{ref}」（可用 rectiflow org list 查看）")
    return directory.by_ref[ref]


def find_unit(session: Session, name: str) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.name == name.strip())).one_or_none()
    if unit is None:
        raise NotFound(f"组织目录中没有单位「{name}」（可用 rectiflow org list 查看）")
    return unit


def people_with_role(session: Session, role: Role, unit_id: int | None = None) -> list[Person]:
    directory = _directory(session)
    if (role, unit_id) not in directory.by_role and not directory.complete:
        query = select(Person).join(PersonRole).where(PersonRole.role == role.value).order_by(Person.id)
        if unit_id is not None:
            query = query.where(Person.unit_id == unit_id)
        directory.by_role[role, unit_id] = list(session.scalars(query).unique())
    return list(directory.by_role.get((role, unit_id), ()))


def forget_directory(session: Session) -> None:
    """After the directory changed in this transaction."""
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        forget_directory(session)
