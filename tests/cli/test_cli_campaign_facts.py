"""The facts a progress report needs (who inspected whom, when, on whose instruction): given at import, asked for
at a terminal, set later with `campaign set`, shown with `campaign show`; refused in Chinese when wrong; audited.
And progress marked as done, closing the measure it names."""
import sys

import pytest
from cli_support import SEED_LEDGER

from rectiflow.cli.context import console


@pytest.mark.usefixtures("organised")
def test_facts_given_at_import_and_the_rest_named(cli):
    loaded = cli("import", SEED_LEDGER, "--direct", "--inspecting-body", "市委第一巡察组")
    assert loaded.code == 0, loaded.text
    assert "整改进展情况报告还需要：被检查单位、检查时间" in loaded.text  # not at a terminal: named, not asked
    shown = cli("campaign", "show", "--json").json()
    assert shown["facts"]["inspecting_body"] == "市委第一巡察组"
    assert shown["facts"]["feedback_date"] == "2026-10-26"  # from the ledger's subtitle
    assert shown["missing"] == ["被检查单位", "检查时间"]


@pytest.mark.usefixtures("organised")
def test_facts_are_asked_for_at_a_terminal(cli, monkeypatch):
    answers = iter(["市委第一巡察组", "市退役军人事务局党组", "2026年9月14日至9月22日", ""])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(console, "input", lambda prompt: next(answers))
    loaded = cli("import", SEED_LEDGER, "--direct")
    assert loaded.code == 0, loaded.text
    facts = cli("campaign", "show", "--json").json()
    assert facts["missing"] == []
    assert (facts["facts"]["inspection_start"], facts["facts"]["inspection_end"]) == ("2026-09-14", "2026-09-22")
    assert facts["facts"]["instruction"] is None  # skipped: the report says 按照巡察工作有关要求


def test_campaign_set_is_checked_audited_and_clears_with_an_empty_value(seeded):
    done = seeded("campaign", "set", "1", "--inspected-body", "市退役军人事务局党组", "--instruction",
                  "市委巡察办《关于报送巡察整改进展情况的通知》")
    assert done.code == 0 and "被检查单位：（空） → 市退役军人事务局党组" in done.text
    assert "报告尚缺：检查主体、检查时间" in done.text
    entry = seeded("audit", "log", "--limit", "1", "--json").json()[0]
    assert entry["kind"] == "campaign_facts_set"
    assert entry["data"]["changed"]["inspected_body"] == [None, "市退役军人事务局党组"]
    assert seeded("campaign", "set", "1", "--instruction", "").code == 0
    assert seeded("campaign", "show", "1", "--json").json()["facts"]["instruction"] is None

    refusals = {("--inspection-period", "2026-09-22至2026-09-14"): "结束日期早于开始日期",
                ("--inspection-period", "九月中旬"): "应写成 开始日期至结束日期",
                ("--inspection-period", "2026-10-01至2026-10-30"): "反馈时间 2026-10-26 早于检查结束日期",
                ("--source", "检查"): "问题来源应为 巡视/巡察/审计/督查/自查 之一",
                ("--feedback-date", "下周"): "反馈时间「下周」无法识别"}
    before = len(seeded("audit", "log", "--json").json())
    for (option, value), why in refusals.items():
        refused = seeded("campaign", "set", "1", option, value)
        assert refused.code == 1 and why in refused.text, (option, value, refused.text)
        assert "Traceback" not in refused.text
    assert len(seeded("audit", "log", "--json").json()) == before  # nothing written
    nothing = seeded("campaign", "set", "1")
    assert nothing.code == 1 and "请至少给出一项" in nothing.text


def test_progress_marked_done_closes_the_measure_it_names(seeded):
    done = seeded("progress", "add", "1", "--as", "吴晓燕", "--measure", "2", "--done", "--text", "已制定学习规范")
    assert done.code == 0, done.text
    detail = seeded("items", "show", "1", "--json").json()
    assert [m["done"] for m in detail["measures"] if m["position"] <= 3] == [False, True, False]
    entry = [e for e in seeded("audit", "log", "1", "--json").json() if e["kind"] == "progress_reported"][-1]
    assert entry["data"]["done"] is True and entry["data"]["measure"] == 2
    beyond = seeded("progress", "add", "1", "--as", "吴晓燕", "--measure", "9", "--done", "--text", "x")
    assert beyond.code == 1 and "只有 3 条整改措施，没有第 9 条" in beyond.text
