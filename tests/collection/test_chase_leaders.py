"""Chasing a unit tells the responsible leaders of the items it was asked about: each once, in the order the ledger
names them (its items in ledger order, each item's leaders in their order), the same whether a group of units is
checked together or one alone."""
from round_world import AFTER_DUE, asked_round
from sqlalchemy import select

from models.collection.steps import check, check_group
from models.domain.events import PROGRESS_CHASED
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.audit import AuditEntry
from models.tables.ledger import ItemLeader
from models.tables.organisation import Person, Unit
from models.tables.outbox import OutboxMessage


def name_leaders(db_url, item_id: int, names: list[str]) -> None:
    """The item's leaders as a ledger would name them, in this order (rows inserted in the reverse order, so the
    order is the positions', not the rows')."""
    with unit_of_work(db_url) as uow:
        session = uow.session
        for leader in session.scalars(select(ItemLeader).where(ItemLeader.item_id == item_id)):
            session.delete(leader)
        session.flush()
        for position, name in reversed(list(enumerate(names))):
            person = session.scalars(select(Person).where(Person.name == name)).one()
            session.add(ItemLeader(item_id=item_id, person_id=person.id, position=position))


def chased(db_url) -> dict[str, tuple[list[str], list[str]]]:
    """Unit -> (the leaders its chase entry names, the people its messages went to)."""
    with reading(db_url) as session:
        return {e.data["unit"]: (e.data["leaders"], sorted(session.scalars(
            select(OutboxMessage.recipient).where(OutboxMessage.audit_seq == e.seq))))
            for e in session.scalars(select(AuditEntry).where(AuditEntry.kind == PROGRESS_CHASED))}


def test_a_chased_units_leaders_are_told_once_each_in_the_ledgers_order(sqlite_url, smtp_receiver, tmp_path):
    plan, _ = asked_round(sqlite_url, smtp_receiver, tmp_path / "data")
    # 办公室 leads items 1 and 5; 信息中心 leads item 4
    name_leaders(sqlite_url, 1, ["副局长乙", "副局长甲"])
    name_leaders(sqlite_url, 5, ["组长", "副局长甲"])
    name_leaders(sqlite_url, 4, ["组长", "副局长乙"])
    with reading(sqlite_url) as session:
        ids = {name: id_ for name, id_ in session.execute(select(Unit.name, Unit.id)).all()}

    check_group(sqlite_url, plan.round_id, [ids["办公室"], ids["财务处"]], AFTER_DUE)
    check(sqlite_url, plan.round_id, ids["信息中心"], AFTER_DUE)

    told = chased(sqlite_url)
    assert told["办公室"] == (["副局长乙", "副局长甲", "组长"],
                           sorted(["办公室联络员", "办公室负责人", "副局长乙", "副局长甲", "组长"]))
    assert told["信息中心"] == (["组长", "副局长乙"], sorted(["信息中心联络员", "信息中心负责人", "组长", "副局长乙"]))
    # 财务处 cooperates on item 1 and leads item 2 (its leader: 副局长乙, named by item 1 first)
    assert told["财务处"][0] == ["副局长乙", "副局长甲"]
