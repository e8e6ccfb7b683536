"""The 对账销号单 a leading group keeps, and the 整改台账 as a Word table: what they list, that the sheet's signatures
are the ones the audit chain records (and that a tampered chain gets no sheet), and their official layout."""
import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm
from sqlalchemy import select, text
from steps import EVIDENCE, act, decide, office_today

from models.domain.refusals import InvalidInput, NotAllowedInState
from models.reports.closing_sheet import build_closing_sheet
from models.reports.closing_sheet_docx import write_closing_sheet_docx
from models.reports.files import write_ledger_table
from models.store import audit_chain
from models.store.database import engine_for, reading
from models.tables.audit import AuditEntry


def closed_item(db_url, item_id=1):
    """Started, submitted with evidence, accepted by the office, closed on the chair's signature."""
    act(db_url, item_id, "start", "办公室联络员")
    submitted = act(db_url, item_id, "submit", "办公室联络员", evidence=[EVIDENCE])
    decide(db_url, submitted.request_id, "整改办乙")
    decide(db_url, act(db_url, item_id, "close", "整改办甲").request_id, "组长")


def sheet_of(db_url, item_id=1):
    with reading(db_url) as session:
        return build_closing_sheet(session, item_id, office_today())


def test_closing_sheet_lists_the_evidence_and_the_signatures_the_chain_records(world, tmp_path):
    closed_item(world.db_url)
    sheet = sheet_of(world.db_url)
    assert (sheet.problem, sheet.measures, sheet.lead_unit) == ("问题1", ["措施1-1", "措施1-2"], "办公室")
    assert sheet.work == ["措施1-1。", "措施1-2。"]  # accepted and closed: its measures carried out
    assert [(e.filename, e.sha256) for e in sheet.evidence] == [(EVIDENCE.filename, EVIDENCE.sha256)]
    assert [(s.stage, s.person, s.role, s.meaning) for s in sheet.signatures] == [
        ("检查验收", "整改办乙", "整改办", "同意验收"), ("对账销号", "组长", "领导小组组长", "同意销号")]
    with reading(world.db_url) as session:
        for signature in [*sheet.signatures]:
            entry = session.get(AuditEntry, signature.audit.seq)
            assert entry.hash == signature.audit.hash == audit_chain.entry_hash(entry)  # the very entry, unaltered
            assert entry.kind == "signoff_approved" and entry.data["person"] == signature.person
        closing = session.get(AuditEntry, sheet.closing.seq)
        assert closing.kind == "item_closed" and closing.hash == sheet.closing.hash
    assert all(s.audit.verified for s in sheet.signatures) and sheet.closing.verified

    path = write_closing_sheet_docx(sheet, tmp_path / "对账销号单.docx")
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "整改事项对账销号单" and document.paragraphs[0].style.name == "报告标题"
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert [EVIDENCE.filename in row and EVIDENCE.sha256 in row for row in cells].count(True) == 1
    signed = [row for row in cells if row[0] in ("检查验收", "对账销号")]
    assert [(row[1], row[3]) for row in signed] == [("整改办乙", "同意验收"), ("组长", "同意销号")]
    assert all(f"哈希 {s.audit.hash}" in row[5] for s, row in zip(sheet.signatures, signed))
    assert "逐条校验通过" in "\n".join(p.text for p in document.paragraphs)


def test_no_closing_sheet_for_an_item_not_closed(world):
    act(world.db_url, 1, "start", "办公室联络员")
    with pytest.raises(NotAllowedInState, match="尚未销号"):
        sheet_of(world.db_url)


def test_no_closing_sheet_from_a_tampered_chain(world):
    closed_item(world.db_url)
    with reading(world.db_url) as session:
        seq = session.scalars(select(AuditEntry.seq).where(AuditEntry.kind == "signoff_approved")).first()
    with engine_for(world.db_url).begin() as connection:  # someone edits who signed, in the database itself
        connection.execute(text("update audit_entry set actor_name = '他人' where seq = :seq"), {"seq": seq})
    with pytest.raises(InvalidInput, match=f"审计链校验未通过（第 {seq} 条审计记录内容被改动）"):
        sheet_of(world.db_url)


def test_the_ledger_as_a_word_table_in_landscape(world, tmp_path):
    closed_item(world.db_url)
    path = tmp_path / "整改台账.docx"
    assert write_ledger_table(world.db_url, None, world.today, path) == 3
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and abs(section.page_width - Cm(29.7)) < Cm(0.01)
    assert document.paragraphs[0].text == "测试巡察整改台账" and document.paragraphs[0].style.name == "报告标题"
    (table,) = document.tables
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["序号", "问题", "整改措施", "责任领导", "牵头单位", "配合单位", "整改时限",
                                              "整改进展", "完成情况"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0] == ["（一）方面一"] * 9  # the aspect, merged across
    assert rows[1] == ["1", "问题1。", "一是措施1-1。二是措施1-2。", "成员甲", "办公室", "", "2026年12月底",
                       "一是措施1-1。二是措施1-2。", "已完成整改"]
    assert rows[2][-1] == "未启动"
