"""`rectiflow calendar import|list`: the office's holiday notice for a year chinesecalendar does not know; until it
is imported, `remind` refuses what needs that year with one message saying what to do."""
from cli_support import SEED_ORG
from holidays import HOLIDAYS_2027

# ---- the command line ------------------------------------------------------------------------------------------


def test_calendar_import_list_and_a_refusal_that_says_what_to_do(cli, tmp_path):
    ledger = tmp_path / "台账.yaml"
    ledger.write_text("campaign: {title: 年底测试台账, source_type: 督查}\naspects:\n  - title: 方面一\n    items:\n"
                      "      - {number: 1, text: 问题一, measures: [措施一], lead_unit: 办公室, leader: 刘芳, "
                      "deadline: 2027-01-04}\n", encoding="utf-8")
    for args in (("init",), ("org", "import", SEED_ORG), ("import", ledger, "--direct")):
        assert cli(*args).code == 0, cli(*args).text

    listed = cli("calendar", "list", "--json").json()
    assert [(y["year"], y["source"]) for y in listed if y["year"] in (2026, 2027)] == [(2026, "package"), (2027, None)]
    refused = cli("remind", "--date", "2026-12-30")
    assert refused.code == 1 and "2027年的法定节假日和调休安排尚未导入" in refused.text
    assert "rectiflow calendar import 2027.yaml" in refused.text and "Traceback" not in refused.text

    imported = cli("calendar", "import", HOLIDAYS_2027)
    assert imported.code == 0 and "已导入 2027 年节假日安排：放假 32 天，调休上班 6 天（2月20日、2月21日" in imported.text
    assert cli("remind", "--date", "2026-12-30").code == 0
    holiday = cli("remind", "--date", "2027-01-01")
    assert holiday.code == 0 and "2027-01-01 不是工作日" in holiday.text
    assert [(y["year"], y["source"]) for y in cli("calendar", "list", "--json").json()
            if y["year"] == 2027] == [(2027, "office")]


def test_a_wrong_notice_file_is_refused_by_the_command_with_where(cli, tmp_path):
    assert cli("init").code == 0
    bad = tmp_path / "2027.yaml"
    bad.write_text("year: 2027\nholidays:\n  春节: 2027-02-06 至 2027-02-12\nworkdays: [2027-02-22]\n", encoding="utf-8")

    result = cli("calendar", "import", bad)

    assert result.code == 1
    assert "节假日安排文件「2027.yaml」有1处问题" in result.text and "本来就是工作日" in result.text
