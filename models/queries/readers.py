"""The person behind a request, as the API and the portal need them: their unit, roles, and what they may read."""
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.directory.visibility import sees_whole_ledger
from models.domain.refusals import NotFound, NotYourRole
from models.domain.vocabulary import Role
from models.queries.item_filter import ItemFilter
from models.store.database import read_only
from models.tables.ledger import Item, ItemCooperatingUnit
from models.tables.organisation import Person


class Reader(BaseModel):
    person_id: int
    name: str
    unit: str | None
    roles: list[Role]
    role_labels: list[str]
    whole_ledger: bool  # False: only the items of their own unit


@read_only
def reader(session: Session, person_id: int) -> Reader:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"组织目录中没有人员 #{person_id}")
    ordered = Role.ordered(person.roles)
    return Reader(person_id=person.id, name=person.name, unit=person.unit.name if person.unit else None,
                  roles=ordered, role_labels=[r.label for r in ordered], whole_ledger=sees_whole_ledger(person))


@read_only
def check_may_read_item(session: Session, who: Reader, item_id: int) -> None:
    """NotFound for no such item; NotYourRole for an item of another unit."""
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound(f"没有事项 #{item_id}")
    if who.whole_ledger:
        return
    cooperating = set(session.scalars(select(ItemCooperatingUnit.unit_id).where(ItemCooperatingUnit.item_id == item_id)))
    own = session.get(Person, who.person_id).unit_id
    if own is None or (own != item.lead_unit_id and own not in cooperating):
        raise NotYourRole(f"事项 #{item_id} 不属于您所在的单位，无权查看")


def readable(who: Reader, wanted: ItemFilter) -> ItemFilter | None:
    """The listing narrowed to what `who` may read: anything for whoever sees the whole ledger, else their own
    unit's items (NotYourRole when they ask for another unit's); None: nothing (a person of no unit)."""
    if who.whole_ledger:
        return wanted
    if wanted.unit and wanted.unit != who.unit:
        raise NotYourRole(f"只能查看本单位（{who.unit or '未设单位'}）的事项")
    if who.unit is None:
        return None
    return wanted.model_copy(update={"unit": who.unit})
