"""Faults, for real: `rectiflow` killed with SIGKILL in the middle of an import, a dispatch, a round's close and a
meeting's decisions — run again, it completes with nothing lost and nothing twice, and the audit chain verifies
against the ledger; the database lost mid-import is said in Chinese with nothing half-written; a full disk under the
evidence store refuses the action and commits nothing."""
import shutil
import sqlite3
import subprocess
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cli_support import SCRIPT, SEED_LEDGER, SEED_ORG
from databases import PG_ADMIN_URL, fresh_postgres
from dying import assert_chain_and_ledger_agree, assert_killed, run_dying
from receivers import LOOPBACK_ALLOWED
from sqlalchemy import create_engine, func, select, text

from deploy.migrate import upgrade
from models.ledger_files import read_ledger
from models.store.database import reading
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.audit import AuditEntry
from models.tables.collection import CollectionRound
from models.tables.ledger import Item
from models.tables.meetings import Meeting
from models.tables.outbox import SENDING, SENT, OutboxMessage
from models.tables.progress import ProgressEntry
from notifications.dispatcher import DispatchConfig, dispatch_due

pytestmark = pytest.mark.slow


def url_of(home) -> str:
    return f"sqlite:///{(home / 'rectiflow.db').resolve()}"


def count(db_url, table, *where) -> int:
    with reading(db_url) as session:
        return session.scalar(select(func.count()).select_from(table).where(*where))


# ---- kill -9, then run again ---------------------------------------------------------------------------------


def test_an_import_killed_mid_transaction_is_done_whole_when_run_again(cli, home):
    for args in (("init",), ("org", "import", SEED_ORG)):
        assert cli(*args).code == 0
    url = url_of(home)
    entries = count(url, AuditEntry)

    assert_killed(*run_dying(home, "models.store.unit_of_work:UnitOfWork.record_row", 10, "after",
                             "import", SEED_LEDGER, "--direct"))

    assert (count(url, Item), count(url, AuditEntry), count(url, OutboxMessage)) == (0, entries, 0)
    again = cli("import", SEED_LEDGER, "--direct")
    assert again.code == 0, again.text
    problems = len(read_ledger(SEED_LEDGER).items)
    assert count(url, Item) == problems and count(url, AuditEntry, AuditEntry.kind == "ledger_imported") == 1
    assert cli("import", SEED_LEDGER, "--direct").code == 0 and count(url, Item) == problems  # nothing twice
    assert_chain_and_ledger_agree(url)


def test_a_dispatch_killed_between_sending_and_recording_loses_nothing_and_repeats_only_by_its_key(seeded, home,
                                                                                                 http_receiver):
    url = url_of(home)
    with sqlite3.connect(home / "rectiflow.db") as db:  # every message to the receiver, each on its own path
        db.execute(f"update outbox_message set address = 'json://127.0.0.1:{http_receiver.port}/hook/' || id")
    rows = count(url, OutboxMessage)

    assert_killed(*run_dying(home, "notifications.dispatcher:record_results", 3, "before", "notify", "dispatch",
                             "--direct", extra_env={"RECTIFLOW_NOTIFY_ALLOW_HOSTS": "127.0.0.1",
                                                    "RECTIFLOW_NOTIFY_BATCH_SIZE": "10",
                                                    # one at a time: the crash window is one message wide (with N at
                                                    # once, up to N sent-but-unrecorded ones repeat, by their keys)
                                                    "RECTIFLOW_NOTIFY_CONCURRENCY": "1"}))

    assert len(http_receiver.requests) == 3  # the third was sent, then the process died before recording it
    with reading(url) as session:
        claimed = session.scalars(select(OutboxMessage).where(OutboxMessage.status == SENDING)).all()
    assert count(url, OutboxMessage, OutboxMessage.status == SENT) == 2 and len(claimed) == 8
    lease_over = max(m.claimed_until for m in claimed) + timedelta(seconds=1)
    assert lease_over - datetime.now(ZoneInfo("UTC")) < timedelta(minutes=3)  # back within minutes, not an hour

    report = dispatch_due(DispatchConfig(db_url=url, fallback_url=None, sink_path=str(home / "messages.log"),
                                         allowed_hosts=LOOPBACK_ALLOWED), now=lease_over)

    assert report.sent == rows - 2 and count(url, OutboxMessage, OutboxMessage.status == SENT) == rows
    keys = Counter(r.headers["idempotency-key"] for r in http_receiver.requests)
    assert len(keys) == rows  # every message arrived
    assert sorted(keys.values()) == [1] * (rows - 1) + [2]  # one twice — the unrecorded one, with its same key
    assert_chain_and_ledger_agree(url)


@pytest.mark.prefect
def test_a_rounds_close_killed_midway_chases_each_unit_once_when_run_again(cli, home, smtp_receiver, monkeypatch):
    from round_world import UNITS, WEEK, asked_round

    url = url_of(home)
    monkeypatch.setenv("RECTIFLOW_DATABASE_URL", url)  # what `collect close` hands its flow runs, undone afterwards
    upgrade(url)
    asked_round(url, smtp_receiver, home / "data")

    assert_killed(*run_dying(home, "models.collection.steps:chase_unit", 2, "after", "collect", "close", "--week", WEEK))

    # a group's chases are one transaction: the second unit died inside it, so the first's is gone with it
    assert count(url, AuditEntry, AuditEntry.kind == "progress_chased") == 0
    again = cli("collect", "close", "--week", WEEK)
    assert again.code == 0, again.text
    with reading(url) as session:
        chased = Counter(e.data["unit"] for e in session.scalars(
            select(AuditEntry).where(AuditEntry.kind == "progress_chased")))
        assert session.scalars(select(CollectionRound)).one().closed_at is not None
    assert chased == {unit: 1 for unit in UNITS}
    assert count(url, AuditEntry, AuditEntry.kind == "weekly_summary_sent") == 1
    assert_chain_and_ledger_agree(url)


def test_a_meeting_killed_between_two_decisions_records_nothing_and_decides_all_when_run_again(cli, home):
    from steps import act, bring_to
    from world import build_world

    from models.domain.vocabulary import State

    url = url_of(home)
    upgrade(url)
    build_world(url)
    requests = []
    for item_id in (1, 2, 3):
        bring_to(url, item_id, State.verified)
        requests.append(act(url, item_id, "close", "整改办甲").request_id)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    meeting = ["approvals", "meeting", "--date", today, "--chair", "组长", "--attendee", "成员乙",
               *[arg for r in requests for arg in ("--approve", r)], "--as", "整改办乙"]
    entries = count(url, AuditEntry)

    assert_killed(*run_dying(home, "models.engine.meetings:advance", 2, "after", *meeting))

    assert (count(url, Meeting), count(url, AuditEntry)) == (0, entries)
    assert count(url, ApprovalRequest, ApprovalRequest.status == PENDING) == 3
    again = cli(*meeting)
    assert again.code == 0, again.text
    assert count(url, Meeting) == 1 and count(url, Item, Item.state == "closed") == 3
    assert count(url, AuditEntry, AuditEntry.kind == "meeting_decided") == 3
    assert_chain_and_ledger_agree(url)


# ---- the database lost, the disk full ------------------------------------------------------------------------


@pytest.mark.postgres
def test_the_database_lost_mid_import_is_said_in_chinese_and_nothing_is_half_written(cli, monkeypatch):
    from models.store.unit_of_work import UnitOfWork

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with fresh_postgres("rectiflow_lost") as url:
        assert cli("--db", url, "init").code == 0 and cli("--db", url, "org", "import", SEED_ORG).code == 0
        entries, record, calls = count(url, AuditEntry), UnitOfWork.record_row, []

        def connection_dies(self, **fields):  # the server ends this session, as a restart or a network cut would
            calls.append(1)
            if len(calls) == 5:
                pid = self.session.connection().connection.dbapi_connection.info.backend_pid
                with admin.connect() as connection:
                    connection.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
            return record(self, **fields)

        monkeypatch.setattr(UnitOfWork, "record_row", connection_dies)
        result = cli("--db", url, "import", SEED_LEDGER, "--direct")
        monkeypatch.setattr(UnitOfWork, "record_row", record)

        assert result.code == 1
        assert "数据库不可用或连接中断：操作未完成，未写入任何内容" in result.text and "Traceback" not in result.text
        assert (count(url, Item), count(url, AuditEntry)) == (0, entries)
        assert verify_ok(url)
    admin.dispose()


def verify_ok(url) -> bool:
    from models.queries.audit_verify import verify_audit

    return verify_audit(url).ok


def test_a_database_that_does_not_answer_is_said_in_chinese(cli):
    result = cli("--db", "postgresql://rectiflow@127.0.0.1:1/rectiflow", "items", "list")
    assert result.code == 1 and "数据库不可用或连接中断" in result.text and "Traceback" not in result.text


def _namespace() -> list[str] | None:
    """A private mount namespace in which a small tmpfs can be mounted (as root, or as a user with user namespaces)."""
    for command in (["unshare", "--mount", "--map-root-user"], ["unshare", "--mount"]):
        if shutil.which("unshare") and subprocess.run([*command, "true"], capture_output=True).returncode == 0:
            return command
    return None


def test_a_full_disk_under_the_evidence_store_refuses_the_action_and_commits_nothing(seeded, home, tmp_path):
    namespace = _namespace()
    if namespace is None:
        pytest.skip("no mount namespace here (unshare --mount unavailable): a full disk cannot be made")
    url = url_of(home)
    data = home / "data"
    data.mkdir(exist_ok=True)
    evidence = tmp_path / "整改佐证.pdf"
    evidence.write_bytes(b"%PDF-" + b"\0" * 300_000)  # larger than the 128 KB the evidence store has left
    before = (count(url, ProgressEntry), count(url, AuditEntry))

    done = subprocess.run([*namespace, "sh", "-c", f'mount -t tmpfs -o size=128k tmpfs "{data}" && exec "$0" "$@"',
                           str(SCRIPT), "progress", "add", "1", "--as", "吴晓燕", "--text", "已整改", "--evidence",
                           str(evidence)], capture_output=True, text=True, env={"RECTIFLOW_HOME": str(home),
                                                                              "PATH": "/usr/bin:/bin",
                                                                              "RECTIFLOW_WARM_START": "off"},
                          timeout=120)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "无法保存佐证材料「整改佐证.pdf」：磁盘空间不足，未写入任何内容" in done.stdout + done.stderr
    assert (count(url, ProgressEntry), count(url, AuditEntry)) == before
    # outside the namespace the data directory is as it was (the session key init made): nothing half-copied
    assert [p.name for p in data.iterdir()] == ["keys"]
