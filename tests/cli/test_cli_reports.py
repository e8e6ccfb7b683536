"""`rectiflow report progress|stats` and `rectiflow export ledger` as a user runs them on the sample ledger."""
from docx import Document

from models.ledger_files import read_ledger


def test_progress_report_in_word_with_totals_and_charts(seeded, tmp_path):
    output = tmp_path / "整改进展报告.docx"
    done = seeded("report", "progress", "-o", output)
    assert done.code == 0, done.text
    document = Document(output)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "巡察反馈的3大方面16个具体问题，尚未启动16项。" in text
    assert text.index("（一）关于落实中央决策部署") < text.index("（二）关于管党治党") < text.index("（三）关于党建工作")
    assert len(document.inline_shapes) == 3


def test_progress_report_markdown_and_bad_format(seeded, tmp_path):
    assert seeded("report", "progress", "--format", "md", "-o", tmp_path / "r.md").code == 0
    assert "## 二、整改任务落实情况" in (tmp_path / "r.md").read_text(encoding="utf-8")
    refused = seeded("report", "progress", "--format", "pdf", "-o", tmp_path / "r.pdf")
    assert refused.code == 1 and "docx 或 md" in refused.text


def test_stats_json_and_xlsx(seeded, tmp_path):
    numbers = seeded("report", "stats", "--json", "--xlsx", tmp_path / "统计.xlsx").json()
    assert [a["items"] for a in numbers["aspects"]] == [3, 8, 5]
    assert (tmp_path / "统计.xlsx").exists()


def test_exported_ledger_reads_back(seeded, tmp_path):
    assert seeded("export", "ledger", "-o", tmp_path / "台账.xlsx").code == 0
    assert len(read_ledger(tmp_path / "台账.xlsx").items) == 16
