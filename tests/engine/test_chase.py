"""催办: only the office chases; the chase is audited and the unit's liaison and head are told; nothing else moves."""
import pytest
from sqlalchemy import select
from steps import bring_to, counts, item_state
from world import build_world

from models.domain.commands import ChaseCommand
from models.domain.events import UNIT_CHASED
from models.domain.refusals import InvalidInput, NotAllowedInState, NotYourRole
from models.domain.vocabulary import State
from models.engine.operations import perform_chase
from models.store.database import reading
from models.tables.audit import AuditEntry
from models.tables.outbox import OutboxMessage


def chase(db_url, actor="整改办甲", **target):
    return perform_chase(db_url, ChaseCommand(actor=actor, **target))


def chases(db_url) -> list[AuditEntry]:
    with reading(db_url) as session:
        return session.scalars(select(AuditEntry).where(AuditEntry.kind == UNIT_CHASED)).all()


def told(db_url, audit_seq) -> list[str]:
    with reading(db_url) as session:
        return sorted(session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.audit_seq == audit_seq)))


def test_the_office_chasing_an_item_is_audited_and_tells_the_units_liaison_and_head(world):
    outcome = chase(world.db_url, item_id=2, note="请本周五前报送进展")
    [entry] = chases(world.db_url)
    assert (entry.actor_name, entry.item_id, entry.reason) == ("整改办甲", 2, "请本周五前报送进展")
    assert entry.data["unit"] == "办公室" and entry.data["items"] == [2]
    assert outcome.told == ["办公室联络员", "办公室主任"] and outcome.unit == "办公室"
    assert told(world.db_url, entry.seq) == ["办公室主任", "办公室联络员"]


def test_chasing_a_unit_names_every_open_item_it_leads(world):
    bring_to(world.db_url, 3, State.closed)
    outcome = chase(world.db_url, unit="办公室")
    assert outcome.items == [1, 2]
    with reading(world.db_url) as session:
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.audit_seq == outcome.audit_seq)).first()
        assert [i["item_id"] for i in message.context["items"]] == [1, 2]


def test_a_chase_changes_no_item(world):
    chase(world.db_url, item_id=1)
    assert item_state(world.db_url, 1) is State.assigned


@pytest.mark.parametrize("actor", ["办公室联络员", "办公室主任", "成员甲", "组长"])
def test_only_the_office_may_chase_and_a_refusal_writes_nothing(world, actor):
    before = counts(world.db_url)
    with pytest.raises(NotYourRole, match="只有整改办可以催办"):
        chase(world.db_url, actor, item_id=1)
    with pytest.raises(NotYourRole):
        chase(world.db_url, actor, unit="办公室")
    assert counts(world.db_url) == before


def test_a_closed_item_is_not_chased(world):
    bring_to(world.db_url, 1, State.closed)
    before = counts(world.db_url)
    with pytest.raises(NotAllowedInState, match="无需催办"):
        chase(world.db_url, item_id=1)
    assert counts(world.db_url) == before


def test_a_unit_without_open_items_is_not_chased(world):
    with pytest.raises(NotAllowedInState, match="财务处没有未办结的牵头事项"):
        chase(world.db_url, unit="财务处")


def test_a_chase_names_an_item_or_a_unit(world):
    with pytest.raises(InvalidInput, match="二者选一"):
        chase(world.db_url)
    with pytest.raises(InvalidInput, match="二者选一"):
        chase(world.db_url, item_id=1, unit="办公室")


def test_a_unit_nobody_answers_for_is_still_heard_of_by_the_office(sqlite_url):
    from models.domain.commands import ActionCommand, Change
    from models.engine.operations import perform_action

    build_world(sqlite_url, items=1)
    perform_action(sqlite_url, ActionCommand(item_id=1, action="reassign", actor="整改办甲",
                                             change=Change(new_unit="局领导", reason="调整牵头单位")))
    outcome = chase(sqlite_url, unit="局领导")
    assert outcome.told == []
    with reading(sqlite_url) as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.audit_seq == outcome.audit_seq)).one()
        assert row.context["no_contact"] is True
