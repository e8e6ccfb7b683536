"""`rectiflow report progress|stats` and `rectiflow export ledger` as a user runs them on the sample ledger."""
import pytest
from docx import Document

from models.ledger_files import read_ledger


def test_progress_report_in_word_names_the_facts_it_lacks(seeded, tmp_path):
    output = tmp_path / "整改进展报告.docx"
    done = seeded("report", "progress", "-o", output)
    assert done.code == 0, done.text
    assert "报告尚缺：检查主体、被检查单位、检查时间" in done.text and "rectiflow campaign set" in done.text
    document = Document(output)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "巡察反馈的3大方面16个问题38个具体表现，正在整改38项。" in text  # nothing started is not said upward
    assert "尚未启动" not in text and "【待补充：检查主体】" in text
    assert text.index("（一）关于落实中央决策部署") < text.index("（二）关于管党治党") < text.index("（三）关于党建工作")
    assert len(document.inline_shapes) == 0  # charts only when asked, in an annex


def test_progress_report_with_charts_and_items_not_started_apart(seeded, tmp_path):
    assert seeded("campaign", "set", "1", "--inspecting-body", "市委第一巡察组", "--inspected-body",
                  "市退役军人事务局党组", "--inspection-period", "2026-09-14至2026-09-22").code == 0
    output = tmp_path / "整改进展报告.docx"
    done = seeded("report", "progress", "-o", output, "--charts", "--not-started")
    assert done.code == 0 and "报告尚缺" not in done.text
    document = Document(output)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "巡察反馈的3大方面16个问题38个具体表现，尚未启动38项。" in text
    assert text.startswith("中共市退役军人事务局党组关于市委第一巡察组反馈意见整改进展情况的报告")
    assert len(document.inline_shapes) == 2  # by aspect and the ranking: no trend from a single week
    assert text.index("附件1") < text.index("统计图")


def test_progress_report_markdown_and_bad_format(seeded, tmp_path):
    assert seeded("report", "progress", "--format", "md", "-o", tmp_path / "r.md").code == 0
    assert "## 二、巡察整改任务落实情况" in (tmp_path / "r.md").read_text(encoding="utf-8")
    refused = seeded("report", "progress", "--format", "pdf", "-o", tmp_path / "r.pdf")
    assert refused.code == 1 and "docx 或 md" in refused.text


def test_stats_json_and_xlsx(seeded, tmp_path):
    numbers = seeded("report", "stats", "--json", "--xlsx", tmp_path / "统计.xlsx").json()
    assert [a["items"] for a in numbers["aspects"]] == [3, 21, 14]
    assert (tmp_path / "统计.xlsx").exists()


def test_exported_ledger_reads_back(seeded, tmp_path):
    assert seeded("export", "ledger", "-o", tmp_path / "台账.xlsx").code == 0
    assert len(read_ledger(tmp_path / "台账.xlsx").items) == 38


@pytest.mark.parametrize("command", [("export", "ledger"), ("report", "progress")])
def test_an_output_path_that_cannot_be_a_file_is_said_in_chinese(seeded, tmp_path, command):
    (tmp_path / "台账.xlsx").write_text("a file, not a folder")
    through_a_file = seeded(*command, "-o", tmp_path / "台账.xlsx" / "报告.docx")
    onto_a_folder = seeded(*command, "-o", tmp_path)
    for refused in (through_a_file, onto_a_folder):
        assert refused.code == 1 and "操作未完成" in refused.text and "程序内部出错" not in refused.text
    assert "不是目录" in through_a_file.text and "这是一个目录" in onto_a_folder.text
    assert (tmp_path / "台账.xlsx").read_text() == "a file, not a folder"


def test_closing_sheet_and_ledger_table_from_the_command_line(seeded, tmp_path):
    refused = seeded("report", "closing-sheet", "5", "-o", tmp_path / "销号单.docx")
    assert refused.code == 1 and "尚未销号" in refused.text and not (tmp_path / "销号单.docx").exists()
    photo = tmp_path / "公务用车管理台账.jpg"
    photo.write_bytes(b"jpeg")
    assert seeded("act", "5", "start", "--as", "吴晓燕").code == 0
    assert seeded("act", "5", "submit", "--as", "吴晓燕", "--evidence", photo).code == 0
    [verify] = seeded("approvals", "list", "--pending", "--json").json()
    assert seeded("approvals", "decide", verify["id"], "approve", "--as", "黄建平").code == 0
    assert seeded("act", "5", "close", "--as", "黄建平").code == 0
    [close] = seeded("approvals", "list", "--pending", "--json").json()
    assert seeded("approvals", "decide", close["id"], "approve", "--as", "王建国").code == 0
    done = seeded("report", "closing-sheet", "5", "-o", tmp_path / "销号单.docx")
    assert done.code == 0 and "2 个签署，1 份佐证材料" in done.text and "校验通过" in done.text
    cells = [c.text for table in Document(tmp_path / "销号单.docx").tables for row in table.rows for c in row.cells]
    assert "公务用车管理台账.jpg" in cells and "黄建平" in cells and "王建国" in cells
    assert seeded("report", "ledger", "-o", tmp_path / "台账.docx").code == 0
    assert len(Document(tmp_path / "台账.docx").tables[0].rows) == 1 + 3 + 38
    wrong = seeded("report", "ledger", "-o", tmp_path / "台账.pdf")
    assert wrong.code == 1 and "应为 .docx" in wrong.text
