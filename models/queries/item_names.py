"""Who an item names: its cooperating units (the directory's, in the ledger's order) and its responsible leaders,
read for many items in two queries (a listing and a report of a province's ledger alike)."""
from collections import defaultdict

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models.store.batches import streamed
from models.tables.ledger import ItemCooperatingUnit, ItemLeader
from models.tables.organisation import Person, Unit


def item_names(session: Session, ids: Select | list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """(item id -> its cooperating units' names, item id -> its leaders' names) for the items `ids` selects (a
    query of item ids, or a short list). Collectives a ledger names as written are the item's own column."""
    cooperating: dict[int, list[str]] = defaultdict(list)
    leaders: dict[int, list[str]] = defaultdict(list)
    for item_id, name in streamed(session, select(ItemCooperatingUnit.item_id, Unit.name)
                                  .join(Unit, Unit.id == ItemCooperatingUnit.unit_id)
                                  .where(ItemCooperatingUnit.item_id.in_(ids))
                                  .order_by(ItemCooperatingUnit.item_id, ItemCooperatingUnit.position,
                                            ItemCooperatingUnit.id)):
        cooperating[item_id].append(name)
    for item_id, name in streamed(session, select(ItemLeader.item_id, Person.name)
                                  .join(Person, Person.id == ItemLeader.person_id)
                                  .where(ItemLeader.item_id.in_(ids)).order_by(ItemLeader.item_id, ItemLeader.position)):
        leaders[item_id].append(name)
    return cooperating, leaders
