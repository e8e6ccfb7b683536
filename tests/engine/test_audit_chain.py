"""The audit log is hash-chained: an edited, deleted or inserted row is found and located."""
from sqlalchemy import text
from steps import bring_to

from models.domain.vocabulary import State
from models.store import audit_chain
from models.store.database import engine_for, reading


def verify(db_url):
    with reading(db_url) as session:
        return audit_chain.verify(session)


def _sqlite_params(params: dict) -> dict:
    """Datetimes as SQLAlchemy stores them in SQLite (UTC, no offset)."""
    return {k: v.replace(tzinfo=None).isoformat(sep=" ") if hasattr(v, "tzinfo") else v for k, v in params.items()}


def raw(db_url, sql, **params):
    """Tamper as someone with direct database access would: foreign keys switched off."""
    engine = engine_for(db_url)
    if engine.dialect.name == "sqlite":
        dbapi = engine.raw_connection()
        try:  # pysqlite runs in autocommit here (see models.store.database), so the pragma takes effect
            dbapi.execute("PRAGMA foreign_keys=OFF")
            dbapi.execute(sql, _sqlite_params(params))
            dbapi.execute("PRAGMA foreign_keys=ON")
        finally:
            dbapi.close()
        return
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.execute(text(sql), params)


def test_untouched_chain_verifies(world):
    bring_to(world.db_url, 1, State.closed)
    report = verify(world.db_url)
    assert report.ok and report.checked > 10


def test_edited_row_is_located(world):
    bring_to(world.db_url, 1, State.closed)
    raw(world.db_url, "update audit_entry set reason = 'changed' where seq = 7")
    report = verify(world.db_url)
    assert report.broken_at == 7 and "内容被改动" in report.problem


def test_deleted_row_is_located(world):
    bring_to(world.db_url, 1, State.closed)
    raw(world.db_url, "delete from audit_entry where seq = 8")
    report = verify(world.db_url)
    assert report.broken_at == 8 and "缺失" in report.problem


def test_deleted_last_row_is_found(world):
    bring_to(world.db_url, 1, State.in_progress)
    with reading(world.db_url) as session:
        last = audit_chain.verify(session).checked
    raw(world.db_url, "delete from audit_entry where seq = :seq", seq=last)
    report = verify(world.db_url)
    assert not report.ok and report.broken_at == last


def test_inserted_row_is_located(world):
    bring_to(world.db_url, 1, State.in_progress)
    # make room after entry 3 and forge an entry there, hashing it "correctly" on its own
    raw(world.db_url, "update audit_entry set seq = seq + 1000 where seq > 3")
    raw(world.db_url, "update audit_entry set seq = seq - 999 where seq > 1000")
    with reading(world.db_url) as session:
        from models.tables.audit import AuditEntry

        third = session.get(AuditEntry, 3)
        forged = AuditEntry(seq=4, at=third.at, kind="item_closed", actor_id=None, actor_name="伪造",
                            item_id=1, data={}, prev_hash="f" * 64)
        forged.hash = audit_chain.entry_hash(forged)
    raw(world.db_url, "insert into audit_entry (seq, at, kind, actor_name, item_id, data, prev_hash, hash) "
                      "values (4, :at, 'item_closed', '伪造', 1, '{}', :prev, :hash)",
        at=forged.at, prev=forged.prev_hash, hash=forged.hash)
    report = verify(world.db_url)
    assert report.broken_at == 4 and "不相连" in report.problem


def test_the_head_before_passing_entries_is_the_last_entry_of_another_kind(world):
    from steps import act

    from models.domain.commands import ProgressCommand
    from models.engine.operations import perform_progress
    from models.store.audit_chain import head_before, head_now

    act(world.db_url, 1, "start", "办公室联络员")
    with reading(world.db_url) as session:
        started = head_now(session)
    for _ in range(3):
        perform_progress(world.db_url, ProgressCommand(item_id=1, actor="办公室联络员", text="推进中"))
    with reading(world.db_url) as session:
        assert head_before(session, frozenset({"progress_reported"})) == started != head_now(session)
        assert head_before(session, frozenset({"progress_reported"}), look_back=2) == head_now(session)
        assert head_before(session, frozenset()) == head_now(session)
