"""The "province" mode for real, in deploy/compose.yaml's start-up order: the deployer (`rectiflow deploy`) starts
before the Prefect server and waits for it; it migrates the application's PostgreSQL as its owner, then declares
the deployments; a worker (`rectiflow worker`) logs in as the application's own role (in rectiflow_app) behind the
server's login. The weekly collection triggered through Prefect's API reaches a real SMTP receiver; two dispatchers
at once send each of 1,000 outbox rows exactly once; the worker's role cannot touch the audit trail, which verifies.
Everything runs on 127.0.0.1 and is stopped at the end."""
import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest
from databases import PG_ADMIN_URL, require_postgres
from prefect_server import free_port, stop_group, wait_until
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from deploy.migrate import current_revision, head_revision
from models.queries.audit_verify import verify_audit
from models.store.database import engine_for, reading, transaction
from models.tables.audit import AuditEntry
from models.tables.collection import CollectionRound
from models.tables.outbox import SENT, OutboxMessage

pytestmark = [pytest.mark.prefect, pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests" / "collection"))
sys.path.insert(0, str(ROOT / "tests" / "flows"))
from round_world import OPEN_AT, UNITS, WEEK, build_round_world  # noqa: E402
from test_signoff_on_prefect_server import PrefectApi  # noqa: E402


@pytest.fixture
def databases():
    """(owner URL, application role URL, Prefect's database URL)."""
    require_postgres()
    names = [f"rectiflow_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("app", "prefect")]
    login = f"rectiflow_worker_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'create database "{name}"'))
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    owner_url = f"{base}/{names[0]}"
    yield owner_url, owner_url.replace("://postgres@", f"://{login}@"), \
        f"postgresql+asyncpg://postgres@127.0.0.1:5432/{names[1]}", login
    engine_for.cache_clear()
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'drop database if exists "{name}" with (force)'))
        connection.execute(text(f'drop role if exists "{login}"'))
    admin.dispose()


def migrated(db_url: str) -> bool:
    try:
        return current_revision(db_url) == head_revision()
    except Exception:  # not yet: the deployer is still creating the schema
        return False


def started(args, env, log: Path, cwd=ROOT) -> subprocess.Popen:
    return subprocess.Popen(args, env=env, cwd=cwd, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def run(args, env, cwd=ROOT):
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def queue_webhook_rows(db_url, receiver, count) -> None:
    """`count` messages, each to its own path at the HTTP receiver, referencing a real audit entry."""
    with transaction(db_url) as session:
        seq = session.scalar(select(func.max(AuditEntry.seq)))
        session.add_all(OutboxMessage(audit_seq=seq, event="progress_chased", recipient=f"收件人{n}",
                                      address=f"json://127.0.0.1:{receiver.port}/load/{n}",
                                      context={"campaign": "压测", "week": WEEK, "unit": f"单位{n}", "due": "—",
                                               "items": 1}) for n in range(count))


def test_province_mode_end_to_end(databases, smtp_receiver, http_receiver, tmp_path):
    owner_url, app_url, prefect_db, login = databases
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    auth = "admin:s3cret-for-the-UI"  # ASCII: Prefect 3.8.8 answers 500 to a non-ASCII one (hmac.compare_digest)
    base_env = {**{k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "RECTIFLOW_"))},
                "RECTIFLOW_WARM_START": "off"}  # every command in a process of its own, as the tests run them
    server_env = {**base_env, "PREFECT_HOME": str(tmp_path / "server"), "PREFECT_API_DATABASE_CONNECTION_URL": prefect_db,
                  "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false",
                  "PREFECT_SERVER_API_AUTH_STRING": auth}
    client_env = {**base_env, "PREFECT_API_URL": api_url, "PREFECT_API_AUTH_STRING": auth,
                  "PREFECT_HOME": str(tmp_path / "client"), "PREFECT_WORKER_QUERY_SECONDS": "1",
                  "PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_WORKER_WEBSERVER_PORT": str(free_port()),
                  "RECTIFLOW_HOME": str(tmp_path / "home"), "RECTIFLOW_CODE_DIR": str(ROOT),
                  "RECTIFLOW_NOTIFY_TIMEOUT_SECONDS": "5", "RECTIFLOW_NOTIFY_ALLOW_HOSTS": "127.0.0.1"}
    rectiflow = str(BIN / "rectiflow")
    deployer = started([rectiflow, "deploy", "--wait", "300"], {**client_env, "RECTIFLOW_DATABASE_URL": owner_url},
                       tmp_path / "deployer.log")
    server = worker = None
    try:
        wait_until(lambda: deployer.poll() is not None or migrated(owner_url), 180, "the deployer's migrations")
        with create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'create role "{login}" login in role rectiflow_app'))
        build_round_world(owner_url, smtp_receiver)
        assert deployer.poll() is None, (tmp_path / "deployer.log").read_text()  # waiting for Prefect, not failed

        server = started([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                         server_env, tmp_path / "server.log")
        assert deployer.wait(timeout=300) == 0, (tmp_path / "deployer.log").read_text()[-3000:]
        assert "等待Prefect 服务器" in (tmp_path / "deployer.log").read_text()
        worker = started([rectiflow, "worker", "--pool", "rectiflow", "--limit", "4"],
                         {**client_env, "RECTIFLOW_DATABASE_URL": app_url}, tmp_path / "worker.log")
        api = PrefectApi(api_url, auth)

        opened = api.start_run("collection-open-all/collection-open", {"week": WEEK, "now": OPEN_AT.isoformat()})
        assert api.final_state(opened).type.value == "COMPLETED", (tmp_path / "worker.log").read_text()[-3000:]
        with reading(app_url) as session:
            round_ = session.scalars(select(CollectionRound).where(CollectionRound.week == WEEK)).one()
            assert sorted(u.unit.name for u in round_.units if u.asked_at) == sorted(UNITS)

        sent = api.start_run("dispatch-outbox/dispatch-outbox", {})
        assert api.final_state(sent).type.value == "COMPLETED"
        asked = [m for m in smtp_receiver.messages if "【每周报送】" in m.subject and WEEK in m.subject]
        assert len(asked) == 2 * len(UNITS)  # each unit's liaison and head, once

        queue_webhook_rows(owner_url, http_receiver, 1000)
        both = [api.start_run("dispatch-outbox/dispatch-outbox", {}) for _ in range(2)]
        assert [api.final_state(r).type.value for r in both] == ["COMPLETED", "COMPLETED"]
        deliveries = Counter(r.path for r in http_receiver.requests if r.path.startswith("/load/"))
        with reading(app_url) as session:
            unsent = session.execute(select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.last_error)
                                     .where(OutboxMessage.address.like("json://%"), OutboxMessage.status != SENT)).all()
        assert len(deliveries) == 1000 and set(deliveries.values()) == {1}, unsent
        with reading(app_url) as session:
            rows = session.scalars(select(OutboxMessage).where(OutboxMessage.address.like("json://%"))).all()
            assert {(r.status, r.attempts) for r in rows} == {(SENT, 1)}

        with pytest.raises(DBAPIError, match="permission denied"), engine_for(app_url).begin() as connection:
            connection.execute(text("delete from audit_entry"))
        assert verify_audit(app_url).ok
    finally:
        for process in (worker, server, deployer):
            if process:
                stop_group(process)
