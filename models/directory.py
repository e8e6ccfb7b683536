"""Finding people and units by what users type."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.organisation import Person, PersonRole, Unit
from models.refusals import NotFound
from models.vocabulary import Role


def find_person(session: Session, ref: str) -> Person:
    ref = ref.strip()
    known = session.info.setdefault("people_by_ref", {})
    if ref in known and known[ref] in session:
        return known[ref]
    person = None
    if ref.startswith("#") and ref[1:].isdigit():
        person = session.get(Person, int(ref[1:]))
    else:
        person = session.scalars(select(Person).where(Person.name == ref)).one_or_none()
    if person is None:
        raise NotFound(f"组织目录中没有人员「{ref}」（可用 rectiflow org list 查看）")
    known[ref] = person
    return person


def find_unit(session: Session, name: str) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.name == name.strip())).one_or_none()
    if unit is None:
        raise NotFound(f"组织目录中没有单位「{name}」（可用 rectiflow org list 查看）")
    return unit


def people_with_role(session: Session, role: Role, unit_id: int | None = None) -> list[Person]:
    """Cached for the transaction: a batch of transitions asks the same questions many times."""
    cache = session.info.setdefault("people_with_role", {})
    if (role, unit_id) not in cache:
        query = select(Person).join(PersonRole).where(PersonRole.role == role.value).order_by(Person.id)
        if unit_id is not None:
            query = query.where(Person.unit_id == unit_id)
        cache[role, unit_id] = list(session.scalars(query).unique())
    return cache[role, unit_id]


def forget_directory(session: Session) -> None:
    """After the directory changed in this transaction."""
    session.info.pop("people_with_role", None)
    session.info.pop("people_by_ref", None)
