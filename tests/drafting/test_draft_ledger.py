"""`rectiflow draft`: the feedback document (or the plan) an office receives becomes a ledger that imports —
aspects, feedback problems and problems as the document numbers them; what it does not say highlighted to fill."""
import re
from collections import Counter
from pathlib import Path

import pytest
from corpus import feedback_inspection, rectification_plan
from openpyxl import load_workbook

from models.domain.problems import LedgerFileInvalid
from models.domain.refusals import InvalidInput
from models.drafting.draft_ledger import draft_ledger
from models.drafting.sheet import TO_FILL_COLOUR
from models.ledger_files import read_ledger
from models.ledger_files.load import import_ledger_doc
from models.ledger_files.splitting import split_names

FEEDBACK = Path(feedback_inspection.__file__).with_suffix(".txt")


def _headers(sheet):
    return {cell.value: cell.column for cell in sheet[3] if cell.value}


def test_feedback_document_drafts_the_documents_aspects_parents_and_problems(tmp_path):
    summary = draft_ledger(FEEDBACK, tmp_path / "draft.xlsx")
    expected = feedback_inspection.EXPECTED
    assert (summary.aspects, summary.parents, summary.problems) == (3, 6, expected["problems"])
    sheet = load_workbook(tmp_path / "draft.xlsx").active
    columns = _headers(sheet)
    rows = range(4, 4 + expected["problems"])
    aspects = Counter(sheet.cell(r, columns["问题类别"]).value for r in rows)
    assert [[a, n] for a, n in aspects.items()] == expected["aspects"]
    parents = Counter(sheet.cell(r, columns["反馈问题"]).value for r in rows)
    assert [[p, n] for p, n in parents.items()] == expected["parents"]
    texts = [sheet.cell(r, columns["具体问题"]).value for r in rows]
    assert [t.split("，")[0] for t in texts] == expected["problem_openings"]
    for number, points in expected["points"].items():  # （1）（2）… stay with their problem
        assert len(re.findall(r"^（\d）", texts[number - 1], re.M)) == points
    assert not any("意见建议" in t or "问题线索" in t for t in texts)  # the closing paragraphs are not problems
    for label in ("牵头单位", "责任领导", "整改时限", "整改措施"):  # the document names none: all to fill
        assert all(sheet.cell(r, columns[label]).fill.fgColor.rgb.endswith(TO_FILL_COLOUR[1:]) for r in rows), label
    assert summary.to_fill == {"整改措施": 13, "牵头单位": 13, "责任领导": 13, "整改时限": 13}


def test_drafted_ledger_is_refused_until_lead_units_are_filled_then_imports(tmp_path, sqlite_url):
    path = tmp_path / "draft.xlsx"
    draft_ledger(FEEDBACK, path)
    with pytest.raises(LedgerFileInvalid) as refused:
        read_ledger(path)
    assert {(p.row, p.column) for p in refused.value.problems} == {(r, "牵头单位") for r in range(4, 17)}

    book = load_workbook(path)
    sheet = book.active
    lead = _headers(sheet)["牵头单位"]
    for row in range(4, 17):
        sheet.cell(row, lead, "党政综合办公室")
    book.save(path)
    summary = import_ledger_doc(sqlite_url, read_ledger(path), actor_name="测试")
    assert (summary.aspects, summary.items) == (3, 13)


def test_plan_fills_measures_units_leaders_and_deadlines_and_imports_as_drafted(tmp_path, sqlite_url):
    plan = rectification_plan.build(tmp_path / "整改方案.docx")
    summary = draft_ledger(plan, tmp_path / "draft.xlsx")
    assert summary.to_fill == {}
    doc = read_ledger(tmp_path / "draft.xlsx")
    expected = rectification_plan.EXPECTED
    assert [[a, n] for a, n in Counter(i.aspect for i in doc.items).items()] == expected["aspects"]
    for item, task in zip(doc.items, expected["tasks"], strict=True):
        assert item.text == task["text"]
        assert [item.lead_unit, *item.cooperating_units] == task["units"]
        assert [name for name, _ in split_names(item.leader)] == [task["leader_name"]]
        assert item.deadline_text == task["deadline"]
        assert len([m for m in item.measures if m.kind == "measure"]) == task["measures"]
    assert not any(item.text.startswith(tuple(expected["not_tasks"])) for item in doc.items)
    assert import_ledger_doc(sqlite_url, doc, actor_name="测试").items == expected["problems"]


def test_a_section_listing_its_problems_one_is_two_is_gives_one_problem_each(tmp_path):
    source = tmp_path / "反馈意见.txt"
    source.write_text("市委巡察组关于巡察某局党组的反馈意见\n巡察发现的主要问题：\n一、落实全面从严治党责任方面\n"
                      "一是党组专题研究党风廉政建设次数偏少；二是对下属单位监督偏松；三是警示教育流于形式。\n"
                      "二、干部队伍建设方面\n干部交流轮岗不及时。\n", encoding="gb18030")  # Notepad's GBK
    summary = draft_ledger(source, tmp_path / "draft.xlsx")
    texts = _column(tmp_path / "draft.xlsx", "具体问题")
    assert summary.problems == 4
    assert texts == ["党组专题研究党风廉政建设次数偏少", "对下属单位监督偏松", "警示教育流于形式。", "干部交流轮岗不及时。"]


def _column(path, label):
    sheet = load_workbook(path).active
    column = _headers(sheet)[label]
    return [sheet.cell(r, column).value for r in range(4, sheet.max_row) if sheet.cell(r, column).value]


def test_refusals_name_the_file_and_write_nothing(tmp_path):
    output = tmp_path / "draft.xlsx"
    output.write_bytes(b"filled in last week")
    with pytest.raises(InvalidInput, match="已存在"):
        draft_ledger(FEEDBACK, output)
    assert output.read_bytes() == b"filled in last week"
    old = tmp_path / "反馈意见.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InvalidInput, match="另存为 .docx"):
        draft_ledger(old, tmp_path / "other.xlsx")
    empty = tmp_path / "通知.txt"
    empty.write_text("关于开展会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="没有在文件中找到问题"):
        draft_ledger(empty, tmp_path / "other.xlsx")
    assert not (tmp_path / "other.xlsx").exists()
