"""Finding people and units by what users type.

Answers are kept for the transaction. A batch of transitions asks for hundreds of actors and every
unit's contacts, and a query for each would also flush the batch's pending rows each time: it reads the
people it can need up front (`load`); single operations ask only what they need."""
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.domain.refs import ref_number
from models.domain.refusals import NotFound
from models.domain.vocabulary import UNIT_ROLES, Role
from models.store.unit_of_work import UnitOfWork
from models.tables.organisation import Person, PersonRole, Unit


def unique(people: Iterable[Person]) -> list[Person]:
    """Each person once, in the order first named (one person may hold several roles)."""
    return list({p.id: p for p in people}.values())


class Directory:
    def __init__(self, session: Session):
        self.session = session
        self._forget()

    @classmethod
    def of(cls, uow: UnitOfWork) -> "Directory":
        """The transaction's directory, read once and kept until it ends."""
        return uow.cached(cls, lambda: cls(uow.session))

    def _forget(self) -> None:
        self._by_ref: dict[str, Person] = {}  # name and "#id"
        self._by_role: dict[tuple[Role, int | None], list[Person]] = defaultdict(list)
        self._asked: set[tuple[Role, int | None]] = set()  # answered by a query of their own
        self._units: set[int] = set()  # every person of these units is known
        self._wide_roles = False  # every holder of a directory-wide role is known

    def changed(self) -> None:
        """After the directory was written in this transaction: read it again."""
        self._forget()

    def load(self, unit_ids: Iterable[int], refs: Iterable[str]) -> None:
        """Read, in one query, the people a batch can need: everyone in its units, everyone holding a
        directory-wide role (office, leaders, members, chair) and the people it names (its actors)."""
        self._forget()
        self._units, self._wide_roles = set(unit_ids), True
        refs = {ref.strip() for ref in refs}
        ids = {number for ref in refs if (number := ref_number(ref, hash_required=True)) is not None}
        wide = select(PersonRole.person_id).where(PersonRole.role.not_in([r.value for r in UNIT_ROLES]))
        query = select(Person).where(or_(Person.unit_id.in_(self._units), Person.id.in_(wide),
                                         Person.name.in_(refs), Person.id.in_(ids))).order_by(Person.id)
        for person in self.session.scalars(query).unique():  # roles: selectin
            self._by_ref[person.name] = self._by_ref[f"#{person.id}"] = person
            for held in person.roles:
                if held not in UNIT_ROLES:
                    self._by_role[held, None].append(person)
                self._by_role[held, person.unit_id].append(person)

    def person(self, ref: str) -> Person:
        """A person by name, or by number as "#12"."""
        ref = ref.strip()
        if ref not in self._by_ref:
            if (number := ref_number(ref, hash_required=True)) is not None:
                found = self.session.get(Person, number)
            else:
                found = self.session.scalars(select(Person).where(Person.name == ref)).one_or_none()
            if found is None:
                raise NotFound(f"组织目录中没有人员「{ref}」（可用 rectiflow org list 查看）")
            self._by_ref[ref] = found
        return self._by_ref[ref]

    def unit(self, name: str) -> Unit:
        unit = self.session.scalars(select(Unit).where(Unit.name == name.strip())).one_or_none()
        if unit is None:
            raise NotFound(f"组织目录中没有单位「{name}」（可用 rectiflow org list 查看）")
        return unit

    def with_role(self, role: Role, unit_id: int | None = None) -> list[Person]:
        """Who holds `role` (in `unit_id`, or anywhere)."""
        if not self._knows(role, unit_id):
            query = select(Person).join(PersonRole).where(PersonRole.role == role.value).order_by(Person.id)
            if unit_id is not None:
                query = query.where(Person.unit_id == unit_id)
            self._by_role[role, unit_id] = list(self.session.scalars(query).unique())
            self._asked.add((role, unit_id))
        return list(self._by_role.get((role, unit_id), ()))

    def unit_contacts(self, unit_id: int) -> list[Person]:
        """Who answers for a unit's items: its liaison(s), then its head(s)."""
        return unique(self.with_role(Role.liaison, unit_id) + self.with_role(Role.unit_head, unit_id))

    def _knows(self, role: Role, unit_id: int | None) -> bool:
        return ((role, unit_id) in self._asked or (self._wide_roles and role not in UNIT_ROLES)
                or unit_id in self._units)
