"""`rectiflow collect …` as a user runs it (the round itself is opened by the functions its flow calls)."""
import pytest
from round_world import OPEN_AT, WEEK, fill_form

from models.collection.steps import ask, plan_round


@pytest.fixture
def asked(seeded, home):
    db_url = f"sqlite:///{(home / 'rectiflow.db').resolve()}"
    plan = plan_round(db_url, "1", WEEK, OPEN_AT)
    for unit_id, _ in plan.units:
        ask(db_url, plan.round_id, unit_id, home / "data", OPEN_AT)
    return {p.name.split("-")[2]: p for p in (home / "data").rglob("*报送表.xlsx")}


def test_collect_status_lists_every_asked_unit(asked, cli):
    rows = cli("collect", "status", "--week", WEEK, "--json").json()
    assert {r["unit"] for r in rows} == set(asked) and all(r["asked_at"] for r in rows)
    assert {r["status"] for r in rows} == {"missing"}


def test_collect_ingest_takes_a_filled_form(asked, cli, tmp_path):
    path = fill_form(asked["办公室"], {1: {"progress": "已修订学习指引", "percent": 80}},
                     save_as=tmp_path / asked["办公室"].name, reporter="吴晓燕")
    result = cli("collect", "ingest", path)
    assert result.code == 0, result.text
    assert "已收取办公室 2026-W48 报送表：进展 1 条" in result.text
    shown = cli("items", "show", "1", "--json").json()
    assert shown["progress"][-1]["text"] == "已修订学习指引" and shown["item"]["state"] == "in_progress"


def test_collect_ingest_refuses_a_bad_form_naming_the_row(asked, cli, tmp_path):
    path = fill_form(asked["办公室"], {1: {"progress": "进展", "ready": "也许"}}, save_as=tmp_path / "bad.xlsx",
                     reporter="吴晓燕")
    result = cli("collect", "ingest", path)
    assert result.code == 1
    assert "第4行「是否提请验收（是/否）」" in result.text
    assert cli("items", "show", "1", "--json").json()["progress"] == []


def test_collect_schedule_sets_times_and_refuses_a_bad_cron(seeded):
    done = seeded("collect", "schedule", "--campaign", "1", "--due", "0 12 * * 5")
    assert done.code == 0 and "截止 0 12 * * 5" in done.text
    refused = seeded("collect", "schedule", "--campaign", "1", "--open", "0 9 * * 8")
    assert refused.code == 1 and "定时表达式" in refused.text


def test_collect_schedule_is_audited_and_the_office_is_told(seeded):
    before = seeded("audit", "log", "--json").json()
    seeded("collect", "schedule", "--campaign", "1", "--due", "0 12 * * 5")
    entry = seeded("audit", "log", "--limit", "1", "--json").json()[0]
    assert entry["kind"] == "collection_schedule_changed" and entry["seq"] == before[-1]["seq"] + 1
    assert entry["actor"].startswith("命令行（") and entry["data"]["after"]["due"] == "0 12 * * 5"
    assert entry["data"]["before"]["due"] == "0 17 * * 4"
    told = [m for m in seeded("notify", "list", "--json").json() if m["event"] == "collection_schedule_changed"]
    assert {m["recipient"] for m in told} == {"黄建平", "谢婷"}  # the office (整改办) of the sample directory
    unchanged = seeded("collect", "schedule", "--campaign", "1", "--due", "0 12 * * 5")
    assert "未变化" in unchanged.text
    assert seeded("audit", "log", "--limit", "1", "--json").json()[0]["seq"] == entry["seq"]
