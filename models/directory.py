"""Finding people and units by what users type.

The directory is read whole, once per transaction: a batch of transitions asks for hundreds of actors
and every unit's contacts, and a query for each would also flush the batch's pending rows each time."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from models.organisation import Person, Unit
from models.refusals import NotFound
from models.vocabulary import Role

_KEY = "directory"


@dataclass
class _Directory:
    by_ref: dict[str, Person] = field(default_factory=dict)  # name and "#id"
    by_role: dict[tuple[Role, int | None], list[Person]] = field(default_factory=lambda: defaultdict(list))


def _directory(session: Session) -> _Directory:
    if _KEY not in session.info:
        directory = _Directory()
        for person in session.scalars(select(Person).order_by(Person.id)).unique():  # roles: selectin
            directory.by_ref[person.name] = directory.by_ref[f"#{person.id}"] = person
            for held in person.roles:
                directory.by_role[held, None].append(person)
                directory.by_role[held, person.unit_id].append(person)
        session.info[_KEY] = directory
    return session.info[_KEY]


def find_person(session: Session, ref: str) -> Person:
    person = _directory(session).by_ref.get(ref.strip())
    if person is None:
        raise NotFound(f"组织目录中没有人员「{ref.strip()}」（可用 rectiflow org list 查看）")
    return person


def find_unit(session: Session, name: str) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.name == name.strip())).one_or_none()
    if unit is None:
        raise NotFound(f"组织目录中没有单位「{name}」（可用 rectiflow org list 查看）")
    return unit


def people_with_role(session: Session, role: Role, unit_id: int | None = None) -> list[Person]:
    return list(_directory(session).by_role.get((role, unit_id), ()))


def forget_directory(session: Session) -> None:
    """After the directory changed in this transaction."""
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        forget_directory(session)
