"""Two people acting at the same moment: exactly one succeeds, the other gets a clear refusal."""
import threading

import pytest
from sqlalchemy import func, select
from steps import act, bring_to, decide, item_state

from models.domain.refusals import Refused
from models.domain.vocabulary import State
from models.store.database import reading
from models.tables.audit import AuditEntry


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Refused as refusal:
            results[index] = refusal

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def transitions(db_url, kind):
    with reading(db_url) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.kind == kind))


def test_two_people_starting_the_same_item_make_one_transition(world):
    results = at_once(lambda: act(world.db_url, 1, "start", "办公室联络员"),
                      lambda: act(world.db_url, 1, "start", "办公室主任"))
    assert sum(not isinstance(r, Refused) for r in results) == 1
    assert sum(isinstance(r, Refused) for r in results) == 1
    assert transitions(world.db_url, "item_started") == 1
    assert item_state(world.db_url, 1) is State.in_progress


def test_two_approvers_on_a_request_needing_one_make_one_transition(world):
    bring_to(world.db_url, 1, State.verified)
    request = act(world.db_url, 1, "close", "整改办甲").request_id
    results = at_once(lambda: decide(world.db_url, request, "组长"),
                      lambda: decide(world.db_url, request, "组长"))
    fired = [r for r in results if not isinstance(r, Refused)]
    assert len(fired) == 1 and fired[0].fired.to_state is State.closed
    assert transitions(world.db_url, "item_closed") == 1


def test_stale_version_is_refused_with_reload_hint(world):
    from models.domain.commands import ActionCommand
    from models.domain.refusals import ItemChanged
    from models.engine.operations import perform_action

    with reading(world.db_url) as session:
        from models.tables.ledger import Item

        seen = session.get(Item, 1).version
    act(world.db_url, 1, "start", "办公室联络员")
    with pytest.raises(ItemChanged, match="刷新"):
        perform_action(world.db_url, ActionCommand(item_id=1, action="reassign", actor="整改办甲",
                                                   change={"reason": "调整", "new_unit": "财务处"},
                                                   expected_version=seen))


def test_batch_with_a_refusal_in_the_middle_keeps_one_unbroken_chain(world):
    from models.domain.commands import ActionCommand
    from models.engine.operations import perform_batch
    from models.store import audit_chain

    result = perform_batch(world.db_url, [ActionCommand(item_id=1, action="start", actor="办公室联络员"),
                                          ActionCommand(item_id=1, action="start", actor="办公室联络员"),
                                          ActionCommand(item_id=2, action="start", actor="办公室联络员")])
    assert [o.item_id for o in result.applied] == [1, 2] and list(result.refused) == [1]
    assert transitions(world.db_url, "item_started") == 2
    with reading(world.db_url) as session:
        assert audit_chain.verify(session).ok


def test_a_long_read_holds_no_writer_back_on_sqlite(sqlite_url):
    """A report reads for seconds: on SQLite a reading session begins deferred, so people go on acting meanwhile
    (begun IMMEDIATE, it held every writer back until it ended)."""
    from world import build_world

    from models.tables.ledger import Item

    build_world(sqlite_url)
    with reading(sqlite_url) as session:
        assert session.get(Item, 1).current_state is State.assigned  # the read's transaction is open
        act(sqlite_url, 1, "start", "办公室联络员")  # would wait for the read's end, here: forever
        assert session.scalar(select(Item.state).where(Item.id == 1)) == "assigned"  # the read's snapshot
    assert item_state(sqlite_url, 1) is State.in_progress


def test_a_reading_session_cannot_write(sqlite_url):
    from sqlalchemy import update
    from sqlalchemy.exc import OperationalError
    from world import build_world

    from models.store.database import transaction
    from models.tables.ledger import Item

    build_world(sqlite_url)
    with pytest.raises(OperationalError, match="readonly"), reading(sqlite_url) as session:
        session.execute(update(Item).values(text="改过"))
    with transaction(sqlite_url) as session:  # the same pooled connection writes again in a writing transaction
        session.execute(update(Item).where(Item.id == 1).values(text="改过"))
