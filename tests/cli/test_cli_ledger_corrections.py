"""Every column accounted for (`--check`, `--column`, `--ignore-column`), and a bad import corrected
(`campaign replace` / `campaign remove`) while nothing but the import has happened."""
import pytest

TITLE = "某局巡察反馈问题整改台账"
HEADER = ["序号", "存在问题", "整改措施", "主办方", "完成时限", "督办意见"]
ROWS = [
    [1, "问题甲", "一是建立制度", "办公室", "2026年12月底", "月底前报进展"],
    [2, "问题乙", "一是清理", "人事处", "2027年3月底", None],
]


def _ledger(write_xlsx, rows=ROWS, header=HEADER, name="ledger.xlsx"):
    return write_xlsx([[TITLE], header, *rows], name=name)


def _nothing_written(cli):
    assert cli("items", "list", "--json").json() == []
    assert [e for e in cli("audit", "log", "--json").json() if e["kind"] != "directory_imported"] == []


@pytest.mark.usefixtures("organised")
def test_unknown_columns_refuse_the_import_naming_each_and_how_to_map_it(cli, write_xlsx):
    refused = cli("import", _ledger(write_xlsx), "--direct")
    assert refused.code == 1
    assert "「主办方」" in refused.text and "「督办意见」" in refused.text
    assert "--column" in refused.text and "--ignore-column" in refused.text
    _nothing_written(cli)


@pytest.mark.usefixtures("organised")
def test_column_and_ignore_column_say_how_to_read_them_and_the_summary_shows_each_column(cli, write_xlsx):
    loaded = cli("import", _ledger(write_xlsx), "--direct", "--column", "主办方=牵头单位", "--ignore-column", "督办意见")
    assert loaded.code == 0, loaded.text
    assert "「主办方」→ lead_unit（按 --column 指定）" in loaded.text
    assert "「督办意见」→ 忽略" in loaded.text
    assert [row["lead_unit"] for row in cli("items", "list", "--json").json()] == ["办公室", "人事处"]


@pytest.mark.usefixtures("organised")
def test_check_prints_the_whole_reading_and_writes_nothing(cli, write_xlsx):
    rows = [*ROWS, ["注：本表每月5日前更新。", None, None, None, None, None]]
    checked = cli("import", _ledger(write_xlsx, rows), "--check", "--column", "主办方=lead_unit",
                  "--ignore-column", "督办意见")
    assert checked.code == 0, checked.text
    assert "检查通过，可以导入（未写入任何内容）" in checked.text
    assert "问题甲" in checked.text and "问题乙" in checked.text
    assert "各方面问题数：未分类 2 项" in checked.text
    assert "已跳过第5行（注释）" in checked.text
    _nothing_written(cli)


@pytest.mark.usefixtures("organised")
def test_check_lists_every_error_and_writes_nothing(cli, write_xlsx):
    bad = [[1, "问题甲", "一是建立制度", None, "2026年12月底", None]]
    checked = cli("import", _ledger(write_xlsx, bad), "--check", "--column", "主办方=lead_unit",
                  "--ignore-column", "督办意见")
    assert checked.code == 1 and "第3行「主办方」：牵头单位为空" in checked.text
    _nothing_written(cli)


def test_a_person_who_is_both_liaison_and_head_gets_one_message_per_event(cli, write_xlsx, tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text("units:\n  - name: 办公室\npeople:\n  - name: 张敏\n    unit: 办公室\n"
                   "    roles: [liaison, unit_head]\n  - name: 整改办\n    roles: [office]\n", encoding="utf-8")
    for args in (("init",), ("org", "import", org)):
        assert cli(*args).code == 0
    loaded = cli("import", _ledger(write_xlsx, [ROWS[0]]), "--direct", "--column", "主办方=lead_unit",
                 "--ignore-column", "督办意见")
    assert loaded.code == 0, loaded.text
    to_her = [m for m in cli("notify", "list", "--json").json() if m["recipient"] == "张敏"]
    assert len(to_her) == 1


def _imported(cli, write_xlsx):
    loaded = cli("import", _ledger(write_xlsx), "--direct", "--column", "主办方=lead_unit",
                 "--ignore-column", "督办意见", "--json").json()
    return loaded["campaign_id"]


@pytest.mark.usefixtures("organised")
def test_replace_shows_what_changes_and_applies_it_with_the_saved_column_mapping(cli, write_xlsx):
    campaign = _imported(cli, write_xlsx)
    corrected = _ledger(write_xlsx, [[1, "问题甲（更正）", "一是建立制度", "办公室", "2026年12月底", None],
                                     [3, "问题丙", "一是完善", "办公室", "立行立改", None]], name="corrected.xlsx")
    asked = cli("campaign", "replace", campaign, corrected)  # not a terminal: asks for --yes, writes nothing
    assert asked.code == 1 and "--yes" in asked.text
    assert "序号 1：修改：问题" in asked.text and "序号 2：删除" in asked.text and "序号 3：新增" in asked.text
    assert [r["text"] for r in cli("items", "list", "--json").json()] == ["问题甲", "问题乙"]

    done = cli("campaign", "replace", campaign, corrected, "--yes")  # read as the first import was
    assert done.code == 0, done.text
    assert [(r["number"], r["text"]) for r in cli("items", "list", "--json").json()] == [("1", "问题甲（更正）"),
                                                                                          ("3", "问题丙")]
    assert "campaign_replaced" in [e["kind"] for e in cli("audit", "log", "--json").json()]
    assert cli("audit", "verify").code == 0


@pytest.mark.usefixtures("organised")
def test_remove_takes_the_campaign_away_audited(cli, write_xlsx):
    campaign = _imported(cli, write_xlsx)
    assert cli("campaign", "remove", campaign).code == 1  # asks for --yes
    assert len(cli("items", "list", "--json").json()) == 2
    removed = cli("campaign", "remove", campaign, "--yes")
    assert removed.code == 0, removed.text
    assert cli("items", "list", "--json").json() == []
    assert "campaign_removed" in [e["kind"] for e in cli("audit", "log", "--json").json()]
    assert cli("audit", "verify").code == 0


@pytest.mark.usefixtures("organised")
def test_replace_and_remove_are_refused_once_work_was_done(cli, write_xlsx):
    campaign = _imported(cli, write_xlsx)
    first = cli("items", "list", "--json").json()[0]
    assert cli("act", first["id"], "start", "--as", "吴晓燕").code == 0
    for args in (("replace", campaign, _ledger(write_xlsx, name="again.xlsx"), "--yes"), ("remove", campaign, "--yes")):
        refused = cli("campaign", *args)
        assert refused.code == 1 and "已有办理记录" in refused.text, refused.text
    assert len(cli("items", "list", "--json").json()) == 2
