"""Getting started: init, the organisation directory, loading a ledger (all or nothing), choosing the database."""
import json
import sqlite3

import pytest
from cli_support import SEED_LEDGER, SEED_ORG, YAML_LEDGER

HEADER = ["序号", "存在问题", "整改措施", "责任部门", "完成时限", "整改状态"]


def test_commands_before_init_say_how_to_init(cli, home):
    for args in (["items", "list"], ["items", "show", "1"], ["org", "list"], ["org", "import", SEED_ORG],
                 ["import", SEED_LEDGER, "--direct"], ["approvals", "list"], ["notify", "list"],
                 ["audit", "verify"], ["audit", "log"], ["report", "summary"],
                 ["act", "1", "start", "--as", "吴晓燕"]):
        result = cli(*args)
        assert result.code == 1, (args, result.text)
        assert "请先运行 rectiflow init" in result.text, (args, result.text)
    # Asking created nothing but the (empty) database file itself.
    assert {p.name for p in home.iterdir()} <= {"rectiflow.db", "rectiflow.db-wal", "rectiflow.db-shm"}
    with sqlite3.connect(home / "rectiflow.db") as db:
        assert db.execute("select count(*) from sqlite_master where type = 'table'").fetchone() == (0,)


def test_init_is_repeatable(cli):
    first, second = cli("init"), cli("init")
    assert (first.code, second.code) == (0, 0)
    assert "数据库已就绪" in second.text


def test_import_sample_then_list_shows_its_38_items(cli):
    assert cli("init").code == 0
    org = cli("org", "import", SEED_ORG)
    assert org.code == 0 and "新增人员 24 名" in org.text
    loaded = cli("import", SEED_LEDGER, "--direct")
    assert loaded.code == 0, loaded.text
    assert "3 个方面，38 个问题" in loaded.text
    assert "已交办 38 项" in loaded.text  # states in the words users know, not identifiers
    assert "新建单位" not in loaded.text  # every unit of the ledger is in the directory

    items = cli("items", "list", "--json").json()
    assert len(items) == 38
    assert {row["state"] for row in items} == {"assigned"}
    assert {row["state_label"] for row in items} == {"已交办"}
    assert all(row["lead_unit"] for row in items)
    assert [row["number"] for row in items] == [str(n) for n in range(1, 39)]

    table = cli("items", "list")
    assert table.code == 0 and "整改事项（共 38 项）" in table.text and "已交办" in table.text
    office = cli("items", "list", "--unit", "人事处", "--json").json()
    assert office and all("人事处" in [row["lead_unit"], *row["cooperating_units"]] for row in office)

    page = cli("items", "list", "--limit", "5", "--offset", "10", "--json").json()
    assert [row["number"] for row in page] == [str(n) for n in range(11, 16)]
    assert "共 38 项，显示第 11–15 项" in cli("items", "list", "--limit", "5", "--offset", "10").text
    green = [row["number"] for row in cli("items", "list", "--light", "green", "--json").json()]
    assert len(green) >= 3
    assert [row["number"] for row in cli("items", "list", "--light", "green", "--limit", "2", "--offset", "1",
                                         "--json").json()] == green[1:3]
    assert cli("items", "list", "--limit", "0").code != 0  # a page has at least one item


def test_items_list_shows_a_page_in_the_terminal_and_everything_when_asked(seeded, monkeypatch):
    """A province's ledger is 100,000 rows: the table shows a page and says how to go on; --all and --json do not
    cut (the page size made small here so the 38 sample items run over it)."""
    from rectiflow.cli import items

    cli = seeded
    monkeypatch.setattr(items, "PAGE", 10)
    first = cli("items", "list").text
    assert "共 38 项，显示第 1–10 项" in first and "下一页：--offset 10；全部列出：--all" in first
    last = cli("items", "list", "--offset", "30").text
    assert "显示第 31–38 项" in last and "下一页" not in last
    assert "整改事项（共 38 项）" in cli("items", "list", "--all").text
    assert len(cli("items", "list", "--json").json()) == 38


@pytest.mark.usefixtures("organised")
def test_import_yaml_ledger_keeps_its_states(cli):
    loaded = cli("import", YAML_LEDGER, "--direct", "--json").json()
    assert loaded["items"] == 4 and loaded["already_imported"] is False
    states = sorted(row["state"] for row in cli("items", "list", "--json").json())
    assert states == ["assigned", "assigned", "assigned", "in_progress"]


def test_importing_same_file_twice_does_not_duplicate_campaign(seeded):
    again = seeded("import", SEED_LEDGER, "--direct")
    assert again.code == 0, again.text
    assert "已导入过" in again.text and "未重复写入" in again.text
    assert seeded("import", SEED_LEDGER, "--direct", "--json").json()["already_imported"] is True

    assert len(seeded("items", "list", "--json").json()) == 38
    assert len({row["campaign"] for row in seeded("report", "summary", "--json").json()}) == 1
    kinds = [entry["kind"] for entry in seeded("audit", "log", "--json").json()]
    assert kinds.count("ledger_imported") == 1 and kinds.count("item_imported") == 38


@pytest.mark.usefixtures("organised")
def test_broken_ledger_is_refused_with_rows_and_database_unchanged(cli, write_xlsx):
    audit_before = cli("audit", "log", "--json").json()
    path = write_xlsx([
        ["某局巡察反馈问题整改台账"],
        HEADER,
        [1, "问题甲", "一是建立制度", "办公室", "2026年12月底", None],
        [2, "问题乙", "一是清理", "人事处", "2023年13月", None],
        [3, "问题丙", "一是整改", None, "立行立改", None],
        [4, "问题丁", "一是完善", "办公室", "2027年3月底", "差不多了"],
    ])
    result = cli("import", path, "--direct")
    assert result.code == 1
    assert "有3处问题" in result.text
    assert "第4行「完成时限」：无法识别的日期「2023年13月」" in result.text
    assert "第5行「责任部门」：牵头单位为空" in result.text
    assert "第6行「整改状态」：无法识别的完成情况「差不多了」" in result.text
    assert "第3行" not in result.text  # the good row is not blamed

    assert cli("items", "list", "--json").json() == []
    audit_after = cli("audit", "log", "--json").json()
    assert audit_after == audit_before
    assert not [entry for entry in audit_after if entry["item_id"] is not None]
    assert cli("report", "summary", "--json").json() == []


def test_missing_or_unsupported_ledger_file_is_named(cli, tmp_path):
    assert cli("init").code == 0
    missing = cli("import", tmp_path / "没有这个台账.xlsx", "--direct")
    assert missing.code == 1 and "找不到台账文件" in missing.text and "没有这个台账.xlsx" in missing.text
    old = tmp_path / "台账.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    refused = cli("import", old, "--direct")
    assert refused.code == 1 and "另存为 .xlsx" in refused.text


def test_db_option_works_after_the_subcommand(cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert cli("init", "--db", url).code == 0
    assert cli("org", "import", SEED_ORG, "--db", url).code == 0
    assert cli("import", "--db", url, SEED_LEDGER, "--direct").code == 0
    assert len(cli("items", "list", "--db", url, "--json").json()) == 38
    assert len(cli("items", "list", "--json", f"--db={url}").json()) == 38
    assert len(cli("--db", url, "items", "list", "--json").json()) == 38
    # The default database under RECTIFLOW_HOME was never initialised: --db really chose the other one.
    default = cli("items", "list", "--json")
    assert default.code == 1 and "请先运行 rectiflow init" in default.text


def test_database_url_from_environment(cli, tmp_path, monkeypatch):
    from models.settings import Settings
    from rectiflow.cli.context import state

    url = f"sqlite:///{tmp_path / 'from_env.db'}"
    monkeypatch.setenv("RECTIFLOW_DATABASE_URL", url)
    monkeypatch.setattr(state, "settings", Settings())
    assert cli("init").code == 0
    assert url.removeprefix("sqlite:///") in cli("init").text
    assert (tmp_path / "from_env.db").is_file()


def test_json_outputs_are_valid_json(seeded, tmp_path):
    evidence = tmp_path / "会议纪要.txt"
    evidence.write_text("第一议题学习", encoding="utf-8")
    assert seeded("act", "1", "start", "--as", "吴晓燕").code == 0
    assert seeded("act", "1", "submit", "--as", "吴晓燕", "--evidence", evidence).code == 0
    listings = {
        ("items", "list"): list, ("items", "list", "--overdue"): list, ("items", "show", "1"): dict,
        ("approvals", "list"): list, ("approvals", "list", "--pending", "--for", "黄建平"): list,
        ("notify", "list"): list, ("notify", "list", "--failed"): list, ("audit", "log"): list,
        ("audit", "log", "1"): list, ("report", "summary"): list, ("org", "list"): list,
        ("import", SEED_LEDGER, "--direct"): dict,
    }
    for args, shape in listings.items():
        result = seeded(*args, "--json")
        assert result.code == 0, (args, result.text)
        data = json.loads(result.out)  # nothing but JSON on stdout
        assert isinstance(data, shape), args
        # lists are written element by element: the text is still the one json.dumps writes for the whole
        assert result.out == json.dumps(data, ensure_ascii=False, indent=2) + "\n", args
    assert len(seeded("org", "list", "--json").json()) == 24
    assert seeded("items", "show", "1", "--json").json()["item"]["awaiting"] == "待验收"


@pytest.mark.prefect
def test_import_through_prefect_flow(cli, shell):
    """Without --direct the import runs the import flow (no server configured: its code, in the command's process)."""
    for args in (("init",), ("org", "import", SEED_ORG)):
        assert cli(*args).code == 0
    result = shell("import", YAML_LEDGER, timeout=300,
                   extra_env={"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"})
    assert result.code == 0, result.out + result.err
    assert "4 个问题" in result.text
    items = cli("items", "list", "--json").json()
    assert sorted(row["state"] for row in items) == ["assigned", "assigned", "assigned", "in_progress"]
    again = shell("import", YAML_LEDGER, "--direct")  # the flow's import is the same campaign
    assert again.code == 0 and "已导入过" in again.text
