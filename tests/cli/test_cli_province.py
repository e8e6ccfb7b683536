"""`rectiflow worker` refuses to start on a database whose schema is not its code's, saying which way and what to do;
`rectiflow deploy` waits for a Prefect server that is not up yet, and gives up in Chinese at its deadline.
(The whole start-up order with real processes: tests/integration/test_province_mode.py.)"""
import sqlite3

import pytest
from prefect_server import free_port

from deploy.migrate import upgrade


@pytest.fixture
def prefect_nowhere(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free_port()}/api")  # nothing listens there


def test_a_worker_refuses_a_database_never_initialised(cli, prefect_nowhere):
    result = cli("worker")
    assert result.code == 1 and "数据库尚未初始化：请先运行 rectiflow init" in result.text


def test_a_worker_refuses_a_schema_behind_its_code(cli, home, prefect_nowhere):
    upgrade(f"sqlite:///{home / 'rectiflow.db'}", "0006")
    result = cli("worker")
    assert result.code == 1 and "数据库结构（版本 0006）需要升级" in result.text and "rectiflow init" in result.text


def test_a_worker_refuses_a_schema_ahead_of_its_code(cli, home, prefect_nowhere):
    assert cli("init").code == 0
    with sqlite3.connect(home / "rectiflow.db") as db:
        db.execute("update alembic_version set version_num = '9999'")
    result = cli("worker")
    assert result.code == 1 and "数据库结构（版本 9999）比本程序新：请把本程序升级" in result.text


def test_a_worker_needs_to_know_where_prefect_is(cli, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert cli("init").code == 0
    result = cli("worker")
    assert result.code == 1 and "没有设置 PREFECT_API_URL" in result.text


@pytest.mark.slow  # waits out its deadline
def test_the_deployer_waits_for_prefect_and_gives_up_in_chinese_at_its_deadline(cli, home, prefect_nowhere):
    result = cli("deploy", "--wait", "1")
    assert result.code == 1
    assert "等待Prefect 服务器" in result.text and "在 1 秒内没有就绪" in result.text and "未部署任何内容" in result.text
    assert "数据库已就绪（版本" in result.text  # it migrated first, and made the audit key
    assert (home / "audit-signing.key").is_file()
