"""The audit trail survives its own database: every rewrite issue 19 reproduced on a copy of the demo database —
each of which passed `audit verify` before — is now found, by replaying the chain against the tables or by a
checkpoint signed with a key the database does not hold."""
import pytest
from sqlalchemy import select
from steps import FULL_CHANGE, act, bring_to, decide
from test_audit_chain import raw

from models.domain.checkpoint_note import Checkpoint, SignedCheckpoint, find_checkpoints
from models.domain.vocabulary import State
from models.queries.audit_verify import verify_audit
from models.settings import Settings
from models.store import audit_chain
from models.store.checkpoints import checkpoint_now, saved, sign
from models.store.database import reading
from models.store.signing_key import ensure_key, signed_by
from models.tables.approvals import ApprovalDecision
from models.tables.audit import AuditEntry, AuditHead
from models.tables.outbox import OutboxMessage
from notifications.render import render


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("RECTIFLOW_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit.key"))
    monkeypatch.setenv("RECTIFLOW_DATA_DIR", str(tmp_path / "data"))
    settings = Settings()
    ensure_key(settings.audit_key_path)
    return settings


def checkpoint(db_url, settings) -> tuple[str, SignedCheckpoint]:
    with reading(db_url) as session:
        signed = checkpoint_now(session, settings)
    return "上周的检查点", signed


def verified(db_url, settings, *points):
    return verify_audit(db_url, list(points), ensure_key(settings.audit_key_path)[0].verifier)


def head_seq(db_url) -> int:
    with reading(db_url) as session:
        return session.get(AuditHead, 1).seq


# ---- the format ----------------------------------------------------------------------------------------------


def test_signatures_follow_the_signed_note_reference():
    """The example of Go's golang.org/x/mod/sumdb/note, which defines the signed-note format, verifies here."""
    text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    note = text + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6R" \
                  "yyBwJnAM=\n"
    signature = note.splitlines()[-1]
    from models.domain.checkpoint_note import _signature

    assert signed_by("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", text, _signature(signature))


def test_a_checkpoint_reads_back_from_any_text_that_carries_it(settings):
    key, _ = ensure_key(settings.audit_key_path)
    signed = sign(key, 42, "ab" * 32)
    message = f"【对账销号】……\n\n    {signed.text.replace(chr(10), chr(10) + '    ')}\n操作人：某某"

    [found] = find_checkpoints(message)

    assert found == signed
    assert found.checkpoint == Checkpoint(key.name, 42, "ab" * 32)
    assert signed_by(key.verifier, found.checkpoint.body(), found.signatures[0])


def test_the_key_is_made_once_readable_only_by_its_owner(settings):
    key, made = ensure_key(settings.audit_key_path)
    assert not made  # the fixture made it
    assert settings.audit_key_path.stat().st_mode & 0o777 == 0o600
    assert ensure_key(settings.audit_key_path)[0].verifier == key.verifier
    assert (settings.audit_key_path.parent / "audit.key.pub").read_text().strip() == key.verifier


# ---- last week's checkpoint proves this week's chain ---------------------------------------------------------


def test_a_checkpoint_published_earlier_proves_the_chain_grown_since(world, settings):
    bring_to(world.db_url, 1, State.in_progress)
    last_week = checkpoint(world.db_url, settings)
    bring_to(world.db_url, 2, State.closed)

    result = verified(world.db_url, settings, last_week)

    assert result.ok, (result.problems, result.checkpoints)
    assert [c.problem for c in result.checkpoints] == [None]
    assert result.items == 3 and result.signatures == 2


def test_removing_the_last_entries_and_moving_the_head_back_is_found(world, settings):
    bring_to(world.db_url, 1, State.in_progress)
    last_week = checkpoint(world.db_url, settings)
    kept = head_seq(world.db_url) - 1
    raw(world.db_url, "delete from audit_entry where seq > :kept", kept=kept)
    raw(world.db_url, "update audit_head set seq = :kept, hash = (select hash from audit_entry where seq = :kept)",
        kept=kept)

    result = verified(world.db_url, settings, last_week)

    assert result.chain.ok  # the chain alone cannot tell
    assert "审计链被截断或改写" in result.checkpoints[0].problem
    assert any("事项 #1 的状态为「正在整改」" in p for p in result.problems)  # and the ledger no longer agrees


def test_deleting_every_audit_entry_and_the_head_is_found(world, settings):
    last_week = checkpoint(world.db_url, settings)
    raw(world.db_url, "delete from audit_entry")
    raw(world.db_url, "delete from audit_head")

    result = verified(world.db_url, settings, last_week)

    assert result.chain.ok and result.chain.checked == 0
    assert [p for p in result.problems if "不在审计链中" in p] == [
        f"事项 #{n} 不在审计链中：它未经记录被写入数据库" for n in (1, 2, 3)]
    assert result.checkpoints[0].problem


def test_a_full_rewrite_of_the_chain_is_found_by_the_checkpoint(world, settings):
    bring_to(world.db_url, 1, State.in_progress)
    last_week = checkpoint(world.db_url, settings)
    with reading(world.db_url) as session:  # rewrite every entry, rehashed, as a database administrator could
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    previous = audit_chain.GENESIS
    for entry in entries:
        entry.prev_hash = previous
        if entry.seq == 2:
            entry.actor_name = "改写者"
        entry.hash = previous = audit_chain.entry_hash(entry)
        raw(world.db_url, "update audit_entry set actor_name = :actor, prev_hash = :prev, hash = :hash where seq = :seq",
            actor=entry.actor_name, prev=entry.prev_hash, hash=entry.hash, seq=entry.seq)
    raw(world.db_url, "update audit_head set hash = :hash", hash=previous)

    result = verified(world.db_url, settings, last_week)

    assert result.chain.ok and not result.problems  # consistent with itself and with the tables
    assert "此前的记录被改写" in result.checkpoints[0].problem


def test_an_appended_forged_transition_is_found_by_the_replay(world, settings):
    with reading(world.db_url) as session:
        head = session.get(AuditHead, 1)
        last = session.get(AuditEntry, head.seq)
        forged = AuditEntry(seq=head.seq + 1, at=last.at, kind="item_closed", actor_id=None, actor_name="伪造",
                            campaign_id=1, item_id=2, action="close", from_state="assigned", to_state="closed",
                            reason=None, data={}, prev_hash=head.hash)
    forged.hash = audit_chain.entry_hash(forged)
    raw(world.db_url, "insert into audit_entry (seq, at, kind, actor_name, campaign_id, item_id, action, from_state, "
                      "to_state, data, prev_hash, hash) values (:seq, :at, 'item_closed', '伪造', 1, 2, 'close', "
                      "'assigned', 'closed', '{}', :prev, :hash)", seq=forged.seq, at=forged.at, prev=forged.prev_hash,
        hash=forged.hash)
    raw(world.db_url, "update audit_head set seq = :seq, hash = :hash", seq=forged.seq, hash=forged.hash)

    result = verified(world.db_url, settings)

    assert result.chain.ok
    assert result.problems == [f"事项 #2 的状态为「已交办」，审计链（第 {forged.seq} 条）记录为「已销号」：状态被直接改动"]


# ---- the tables against the chain -----------------------------------------------------------------------------


def test_direct_updates_of_state_deadline_and_unit_are_found_and_located(world, settings):
    bring_to(world.db_url, 1, State.in_progress)
    raw(world.db_url, "update item set state = 'closed' where id = 1")
    raw(world.db_url, "update item set deadline = '2030-01-01' where id = 2")
    raw(world.db_url, "update item set lead_unit_id = (select id from unit where name = '财务处') where id = 3")

    result = verified(world.db_url, settings)

    assert not result.ok and result.chain.ok
    assert len(result.problems) == 3
    assert "事项 #1 的状态为「已销号」" in result.problems[0] and "记录为「正在整改」" in result.problems[0]
    assert "事项 #2 的整改时限为 2030-01-01" in result.problems[1] and "2026-12-31" in result.problems[1]
    assert "事项 #3 的牵头单位为「财务处」" in result.problems[2] and "「办公室」" in result.problems[2]


def test_a_deleted_decision_and_an_inserted_one_are_found(world, settings):
    bring_to(world.db_url, 1, State.closed)
    with reading(world.db_url) as session:
        decision = session.scalars(select(ApprovalDecision).order_by(ApprovalDecision.id)).first()
    raw(world.db_url, "delete from approval_decision where id = :id", id=decision.id)
    raw(world.db_url, "insert into approval_decision (request_id, person_id, role, decision, meaning, stage_index, "
                      "decided_at) values (:request, (select id from person where name = '成员丙'), 'member', 'approve', "
                      "'同意销号', 0, :at)", request=decision.request_id + 1, at=decision.decided_at)

    result = verified(world.db_url, settings)

    assert len(result.problems) == 2
    assert f"审批申请 #{decision.request_id + 1} 有一条审计链中没有的签署：成员丙「同意销号」" in result.problems[0]
    assert f"审批申请 #{decision.request_id} 缺少整改办乙的签署「同意验收」（审计链第 8 条）" in result.problems[1]


def test_a_checkpoint_not_signed_by_this_installations_key_is_refused(world, settings, tmp_path):
    other, _ = ensure_key(tmp_path / "other.key")
    with reading(world.db_url) as session:
        head = session.get(AuditHead, 1)
    forged = ("伪造的检查点", sign(other, head.seq, head.hash))

    result = verified(world.db_url, settings, forged)

    assert "不是本系统审计密钥签署的" in result.checkpoints[0].problem


# ---- published where people keep them -------------------------------------------------------------------------


def test_every_closing_message_carries_a_checkpoint_of_the_chain_with_its_closing(world, settings):
    bring_to(world.db_url, 1, State.closed)
    with reading(world.db_url) as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "item_closed")).all()
    assert rows
    _, body = render("item_closed", rows[0].context)
    [published] = find_checkpoints(body)

    assert published.checkpoint.size == head_seq(world.db_url)  # the closing itself is covered
    assert [signed for _, signed in saved(settings.checkpoint_dir)] == [published]  # and kept in the data directory
    assert verified(world.db_url, settings, ("销号消息", published)).ok


def test_a_closing_without_a_signing_key_still_closes(world):
    bring_to(world.db_url, 1, State.closed)
    with reading(world.db_url) as session:
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "item_closed")).first()
    assert row.context["checkpoint"] is None
    assert "审计检查点" not in render("item_closed", row.context)[1]


def test_a_rejected_request_replays_with_its_signature(world, settings):
    bring_to(world.db_url, 1, State.in_progress)
    submitted = act(world.db_url, 1, "submit", "办公室联络员", FULL_CHANGE)
    decide(world.db_url, submitted.request_id, "整改办乙", "reject", comment="材料不全")

    assert verified(world.db_url, settings).ok
