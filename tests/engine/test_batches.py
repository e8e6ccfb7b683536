"""Many actions in one transaction: refusals skip only their own action, and the audit entries and messages
the others wrote in bulk are all there, each once, on one unbroken chain."""
import pytest
from sqlalchemy import select
from steps import EVIDENCE, act, counts, item_state

from models.domain.commands import ActionCommand, Change
from models.domain.vocabulary import State
from models.engine.items import apply_action
from models.engine.operations import perform_action, perform_batch
from models.store import audit_chain
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.audit import AuditEntry
from models.tables.organisation import Person
from models.tables.outbox import OutboxMessage


def entries_and_messages(db_url) -> tuple[list[AuditEntry], dict[int, int]]:
    with reading(db_url) as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        messages: dict[int, int] = {}
        for seq in session.scalars(select(OutboxMessage.audit_seq)):
            messages[seq] = messages.get(seq, 0) + 1
        return entries, messages


def test_refusals_in_a_batch_skip_only_their_action(world):
    act(world.db_url, 1, "start", "办公室联络员")
    before_entries, _ = counts(world.db_url)
    submit = Change(evidence=[EVIDENCE])
    result = perform_batch(world.db_url, [
        ActionCommand(item_id=1, action="submit", actor="办公室联络员", change=submit),
        ActionCommand(item_id=1, action="submit", actor="办公室主任", change=submit),  # a request now waits
        ActionCommand(item_id=2, action="start", actor="成员乙"),  # not theirs to do
        ActionCommand(item_id=2, action="start", actor="办公室联络员"),
        ActionCommand(item_id=3, action="close", actor="整改办甲"),  # not in that state
        ActionCommand(item_id=3, action="start", actor="办公室主任"),
    ])

    assert [o.item_id for o in result.applied] == [1, 2, 3]
    assert sorted(result.refused) == [1, 2, 4]
    assert "已有待审批的「检查验收」申请" in result.refused[1]
    assert item_state(world.db_url, 2) is State.in_progress and item_state(world.db_url, 3) is State.in_progress
    with reading(world.db_url) as session:
        waiting = session.scalars(select(ApprovalRequest).where(ApprovalRequest.item_id == 1,
                                                                 ApprovalRequest.status == PENDING)).all()
    assert len(waiting) == 1 and waiting[0].id == result.applied[0].request_id

    entries, messages = entries_and_messages(world.db_url)
    new = entries[before_entries:]
    assert [(e.item_id, e.kind) for e in new] == [(1, "item_submitted"), (2, "item_started"), (3, "item_started")]
    assert [o.audit_seq for o in result.applied] == [e.seq for e in new]
    assert all(messages.get(e.seq, 0) >= 1 for e in new)
    with reading(world.db_url) as session:
        assert audit_chain.verify(session).ok


def test_a_batch_too_large_for_one_transaction_is_refused_whole(world, monkeypatch):
    from models.domain.refusals import InvalidInput
    from models.engine import operations

    monkeypatch.setattr(operations, "MAX_BATCH", 2)
    before = counts(world.db_url)
    with pytest.raises(InvalidInput, match="一批最多 2 项操作（本批 3 项）"):
        perform_batch(world.db_url, [ActionCommand(item_id=i, action="start", actor="办公室联络员") for i in (1, 2, 3)])
    assert counts(world.db_url) == before and item_state(world.db_url, 1) is State.assigned


def test_what_a_rolled_back_savepoint_wrote_is_gone_and_the_rest_is_kept(world):
    with unit_of_work(world.db_url) as uow:
        with pytest.raises(RuntimeError), uow.savepoint():
            apply_action(uow, ActionCommand(item_id=1, action="start", actor="办公室联络员"))
            raise RuntimeError("undo this one")
        kept = apply_action(uow, ActionCommand(item_id=2, action="start", actor="办公室联络员"))

    assert item_state(world.db_url, 1) is State.assigned and item_state(world.db_url, 2) is State.in_progress
    entries, messages = entries_and_messages(world.db_url)
    assert [(e.item_id, e.kind) for e in entries if e.item_id in (1, 2) and e.kind == "item_started"] == [
        (2, "item_started")]
    assert entries[-1].seq == kept.audit_seq and messages[kept.audit_seq] == kept.messages
    assert set(messages) <= {e.seq for e in entries}
    with reading(world.db_url) as session:
        assert audit_chain.verify(session).ok


def told(db_url) -> list[tuple]:
    with reading(db_url) as session:
        return sorted(session.execute(select(OutboxMessage.event, OutboxMessage.recipient, OutboxMessage.address)
                                      .join(AuditEntry, AuditEntry.seq == OutboxMessage.audit_seq)
                                      .add_columns(AuditEntry.item_id)).all())


def test_a_batch_tells_the_same_people_as_one_action_at_a_time(tmp_path):
    """A batch reads only the people it can need up front; whoever it did not read (the unit an item is
    handed to, an actor named by id) is still found and told."""
    from world import build_world

    from models.store.database import engine_for
    from models.tables.base import Base

    urls = []
    for name in ("one-at-a-time", "batch"):
        urls.append(f"sqlite:///{tmp_path / name}.db")
        Base.metadata.create_all(engine_for(urls[-1]))
        build_world(urls[-1], cooperating=["人事处"])
    with reading(urls[0]) as session:
        head_ref = f"#{session.scalar(select(Person.id).where(Person.name == '办公室主任'))}"
    commands = [ActionCommand(item_id=1, action="start", actor="办公室联络员"),
                ActionCommand(item_id=2, action="reassign", actor="整改办甲",
                              change=Change(reason="职责调整", new_unit="财务处")),
                ActionCommand(item_id=2, action="start", actor="财务联络员"),
                ActionCommand(item_id=3, action="start", actor=head_ref)]
    for command in commands:
        perform_action(urls[0], command)
    together = perform_batch(urls[1], commands)
    assert not together.refused, together.refused

    assert told(urls[1]) == told(urls[0])
    recipients = {(event, item, who) for event, who, _, item in told(urls[1])}
    assert ("item_reassigned", 2, "财务联络员") in recipients and ("item_started", 2, "财务处长") in recipients
