"""`rectiflow demo` runs the whole life of the sample ledger on a fresh embedded database."""
import json

import pytest

from rectiflow.cli import main

pytestmark = pytest.mark.prefect


def test_demo_runs_end_to_end(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RECTIFLOW_HOME", str(tmp_path))
    main(["demo", "--home", str(tmp_path / "demo")])
    out = capsys.readouterr().out
    assert "审计链完整" in out
    assert "巡察反馈的3大方面16个问题38个具体表现，已完成整改2项，长期整改1项，正在整改3项，尚未启动32项" in out
    log = (tmp_path / "demo" / "messages.log").read_text(encoding="utf-8")
    assert "【对账销号】事项 #1" in log and "【审批退回】事项 #3" in log
    monkeypatch.setenv("RECTIFLOW_HOME", str(tmp_path / "demo"))
    from models.settings import Settings
    from rectiflow.cli.context import state

    state.settings, state.db = Settings(), None
    main(["items", "list", "--json"])
    items = {i["id"]: i for i in json.loads(capsys.readouterr().out)}
    assert items[3]["awaiting"] == "待验收" and items[2]["state"] == "long_term"

    from fastapi.testclient import TestClient
    from portal_forms import sign_in

    from rectiflow.demo import DEMO_PASSWORD
    from rectiflow.web.app import create_app

    with TestClient(create_app(Settings())) as portal:  # the newcomer's next step: rectiflow web, and sign in
        assert sign_in(portal, "吴晓燕", DEMO_PASSWORD).status_code == 303
        assert "吴晓燕" in portal.get("/").text


def test_the_end_state_demo_writes_the_report_with_signed_checkpoints(tmp_path, monkeypatch, capsys):
    """`rectiflow demo --end-state` from a folder with no rectiflow home, in a shell whose settings name another
    database: seed 003 walked to its end in the demo's own home, the report in Word and Markdown, and the weekly
    summaries' checkpoints signed with the key the demo made; the other database untouched."""
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "office" / "rectiflow.db"
    for name, value in (("RECTIFLOW_DATABASE_URL", f"sqlite:///{elsewhere}"), ("RECTIFLOW_DATA_DIR", "office-data")):
        monkeypatch.setenv(name, value)
    home = tmp_path / "demo"
    main(["demo", "--home", str(home), "--end-state"])
    assert not elsewhere.exists() and not (tmp_path / "office-data").exists()
    out = capsys.readouterr().out
    assert "审计链完整" in out and "已完成整改34项" in out
    assert len(list(home.glob("整改进展情况报告-*.docx"))) == 1 and len(list(home.glob("整改进展情况报告-*.md"))) == 1
    from models.settings import Settings

    monkeypatch.setenv("RECTIFLOW_HOME", str(home))
    assert (home / "audit-signing.key").exists() and list(Settings().checkpoint_dir.iterdir())


def test_the_demo_never_empties_a_directory_it_did_not_make(tmp_path, monkeypatch, capsys):
    """`--home` names a directory the demo empties: one holding anything else is refused, and kept as it was; a home
    an earlier demo made is made again. (Twice in one process the second demo would still read the first's database
    through its pooled connection: each command is a process of its own.)"""
    monkeypatch.chdir(tmp_path)
    theirs = tmp_path / "office-files"
    theirs.mkdir()
    (theirs / "整改台账.xlsx").write_text("keep")
    with pytest.raises(SystemExit):
        main(["demo", "--home", str(theirs), "--end-state"])
    assert "不是演示目录" in capsys.readouterr().out and (theirs / "整改台账.xlsx").read_text() == "keep"
    from rectiflow.demo import DEMO_MARK

    home = tmp_path / "demo"  # as an earlier demo left it
    home.mkdir()
    (home / DEMO_MARK).touch()
    (home / "整改进展情况报告-旧.docx").write_text("old")
    main(["demo", "--home", str(home), "--end-state"])
    assert "审计链完整" in capsys.readouterr().out
    assert not (home / "整改进展情况报告-旧.docx").exists() and (home / DEMO_MARK).exists()
