"""Every file a unit or an office sends may be hostile: each reproduction of issue 13 that came through a file.
Nothing it names outside its folder is read, nothing it holds makes the server write elsewhere, run out of
memory or show a traceback — and on refusal nothing is written."""
import os
import shutil
from datetime import datetime, timezone

import pytest
from hostile_files import BILLION_LAUGHS_YAML, ledger_xlsx, with_broken_xml, with_dimension, with_far_cell, with_merge
from round_world import BEFORE_DUE, OPEN_AT, WEEK, fill_form
from sqlalchemy import func, select

from models.collection.form_spec import FormInvalid
from models.collection.ingest import ingest_form, ingest_inbox
from models.collection.steps import ask, plan_round
from models.directory.apply import import_directory
from models.directory.org_file import read_org
from models.domain.problems import LedgerFileInvalid
from models.domain.refusals import InvalidInput
from models.ledger_files import read_ledger
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import import_ledger_doc
from models.store.database import reading
from models.tables.audit import AuditEntry
from models.tables.ledger import Campaign
from models.tables.progress import Evidence, ProgressEntry


def count(db_url, table) -> int:
    with reading(db_url) as session:
        return session.scalar(select(func.count()).select_from(table))


def answered(forms, unit, folder, answers, reporter="{unit}联络员"):
    folder.mkdir(exist_ok=True)
    target = folder / forms[unit].name
    shutil.copy(forms[unit], target)
    return fill_form(target, answers, reporter=reporter)


# ---- 1. evidence is only what the sender provides ---------------------------------------------------------

@pytest.mark.parametrize("named", ["../../../../../../etc/passwd", "/etc/hostname", "/proc/self/environ",
                                   "..\\..\\etc\\passwd", ".."])
def test_a_form_cannot_name_the_servers_own_files_as_evidence(sqlite_url, asked, tmp_path, named):
    _, forms = asked
    path = answered(forms, "办公室", tmp_path / "answers", {1: {"progress": "已完成", "evidence": named, "ready": "是"}})
    before = (count(sqlite_url, ProgressEntry), count(sqlite_url, Evidence))
    with pytest.raises(FormInvalid) as refused:
        ingest_form(sqlite_url, path, tmp_path / "data", BEFORE_DUE)
    assert "第4行「佐证材料文件名（多个用、分隔）」" in str(refused.value)
    assert (count(sqlite_url, ProgressEntry), count(sqlite_url, Evidence)) == before


def test_a_link_beside_the_form_is_not_followed(sqlite_url, asked, tmp_path):
    _, forms = asked
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "整改报告.pdf").symlink_to("/etc/hostname")
    path = answered(forms, "办公室", folder, {1: {"progress": "已完成", "evidence": "整改报告.pdf", "ready": "是"}})
    with pytest.raises(FormInvalid, match="是链接"):
        ingest_form(sqlite_url, path, tmp_path / "data", BEFORE_DUE)
    stored = [p for p in (tmp_path / "data").rglob("*") if p.is_file() and len(p.name) == 64]
    assert all(p.read_bytes() != open("/etc/hostname", "rb").read() for p in stored)


def test_a_unit_name_never_becomes_a_path_outside_the_data_directory(sqlite_url, tmp_path):
    hostile = "x/" + "../" * 6 + "PWNED"  # from the round's folder, six levels up is tmp_path itself
    doc = LedgerDoc.model_validate({
        "campaign": {"title": "路径测试巡察整改台账", "source_type": "巡察"}, "aspects": ["方面一"],
        "items": [{"row": 3, "number": "1", "aspect": "方面一", "text": "问题", "measures": [], "lead_unit": hostile,
                   "deadline_kind": "none"}]})
    import_directory(sqlite_url, read_org_people(tmp_path), "测试")
    import_ledger_doc(sqlite_url, doc)
    data = tmp_path / "deep" / "data"
    plan = plan_round(sqlite_url, "路径测试巡察整改台账", WEEK, OPEN_AT)
    for unit_id, _ in plan.units:
        ask(sqlite_url, plan.round_id, unit_id, data, OPEN_AT)
    written = [p for p in tmp_path.rglob("*.xlsx")]
    assert written and all(p.resolve().is_relative_to(data.resolve()) for p in written)
    assert not (tmp_path / "PWNED-整改进展报送表.xlsx").exists()


def read_org_people(folder):
    path = folder / "org.yaml"
    path.write_text("people:\n  - name: 整改办甲\n    unit: 整改办\n    roles: [office]\n", encoding="utf-8")
    return read_org(path)


# ---- 6. resource exhaustion from tiny files: a named refusal, never a crash ------------------------------------

@pytest.mark.parametrize("make,reason", [
    (lambda p: with_far_cell(p, "XFD1048576"), "表格范围过大"),
    (lambda p: with_merge(p, "K1:XFD1048576"), "表格范围过大"),
    (lambda p: with_merge(p, "K7:K1000000"), "表格范围过大"),
    (lambda p: with_merge(p, "A10:CV9000"), "合并单元格覆盖范围过大"),
    (with_broken_xml, "已损坏"),
], ids=["cell-at-XFD1048576", "merge-to-XFD1048576", "merge-down-a-million-rows", "merge-of-900k-cells",
        "broken-sheet-xml"])
def test_a_tiny_hostile_ledger_is_refused_by_name(tmp_path, make, reason):
    path = make(ledger_xlsx(tmp_path / "台账.xlsx", [[1, "方面", "问题", "措施", "组长", "办公室", "2026年12月底"]]))
    assert path.stat().st_size < 20_000
    with pytest.raises(LedgerFileInvalid, match=reason):
        read_ledger(path)


def test_a_ledger_that_declares_itself_a_million_rows_is_read_as_what_it_holds(tmp_path):
    path = with_dimension(ledger_xlsx(tmp_path / "台账.xlsx", [[1, "方面", "问题", "措施", "组长", "办公室", "2026年12月底"]]))

    doc = read_ledger(path)

    assert [(item.row, item.text, item.lead_unit) for item in doc.items] == [(3, "问题", "办公室")]


def test_a_directory_that_declares_itself_a_million_rows_is_read_as_what_it_holds(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["姓名", "单位", "角色"])
    workbook.active.append(["张三", "办公室", "联络员"])
    workbook.save(tmp_path / "org.xlsx")

    doc = read_org(with_dimension(tmp_path / "org.xlsx"))

    assert [(person.name, person.unit) for person in doc.people] == [("张三", "办公室")]


def test_yaml_that_expands_is_refused_in_the_directory_and_in_a_ledger(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(BILLION_LAUGHS_YAML + "people:\n  - name: 张三\n    roles: *i\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="别名"):
        read_org(org)
    ledger = tmp_path / "台账.yaml"
    ledger.write_text(BILLION_LAUGHS_YAML + "campaign: {title: 巡察台账}\nitems:\n  - {text: 问题, lead_unit: 办公室,"
                      " deadline: *i}\n", encoding="utf-8")
    with pytest.raises(LedgerFileInvalid, match="别名"):
        read_ledger(ledger)


def test_an_org_file_that_builds_python_objects_is_refused(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text("people: !!python/object/apply:os.system ['touch /tmp/owned']\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="YAML 格式错误"):
        read_org(org)


def test_a_hostile_form_in_the_inbox_is_set_aside_and_the_forms_behind_it_are_taken(sqlite_url, asked, tmp_path):
    _, forms = asked
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(forms["办公室"], inbox / "0-恶意.xlsx")
    with_merge(inbox / "0-恶意.xlsx", "K1:XFD1048576")
    answered(forms, "财务处", inbox, {2: {"progress": "已完成自查"}})
    result = ingest_inbox(sqlite_url, inbox, tmp_path / "data", BEFORE_DUE)
    assert result.accepted == [forms["财务处"].name]
    assert "表格范围过大" in result.refused["0-恶意.xlsx"]
    assert (inbox / "未通过" / "0-恶意.xlsx.原因.txt").read_text(encoding="utf-8") == result.refused["0-恶意.xlsx"]


# ---- 7 and 9. one value never breaks everything ------------------------------------------------------------------

def test_a_deadline_far_in_the_future_is_refused_with_its_row(tmp_path):
    path = ledger_xlsx(tmp_path / "台账.xlsx", [[1, "方面", "问题", "措施", "组长", "办公室", "9999-12-31"]])
    with pytest.raises(LedgerFileInvalid, match="第3行「整改时限」.*超出合理范围"):
        read_ledger(path)


def test_a_problem_longer_than_an_excel_cell_is_refused_where_it_stands(tmp_path):
    path = tmp_path / "台账.yaml"  # an .xlsx cannot hold it; YAML and JSON can
    path.write_text("campaign: {title: 区委巡察反馈问题整改台账}\naspects:\n  - title: 方面一\n    items:\n"
                    "      - {number: '1', text: " + "问" * 50_000 + ", lead_unit: 办公室}\n", encoding="utf-8")
    with pytest.raises(LedgerFileInvalid, match=r"items\[1\]（具体问题）」：超过 32767 个字符"):
        read_ledger(path)


def test_nothing_is_written_when_a_ledger_is_refused(sqlite_url, tmp_path):
    import_directory(sqlite_url, read_org_people(tmp_path), "测试")
    path = ledger_xlsx(tmp_path / "台账.xlsx", [[1, "方面", "问题", "措施", "组长", "办公室", "2026年12月底"],
                                               [2, "方面", "问题二", "措施", "组长", "办公室", "9999-12-31"]])
    before = (count(sqlite_url, Campaign), count(sqlite_url, AuditEntry))
    with pytest.raises(LedgerFileInvalid):
        import_ledger_doc(sqlite_url, read_ledger(path))
    assert (count(sqlite_url, Campaign), count(sqlite_url, AuditEntry)) == before


# ---- 8. times are the server's ----------------------------------------------------------------------------------

def test_an_inbox_form_is_not_dated_by_its_file(sqlite_url, asked, tmp_path):
    _, forms = asked
    inbox = tmp_path / "inbox"
    path = answered(forms, "财务处", inbox, {2: {"progress": "已完成自查"}})
    back_then = datetime(2026, 11, 1, tzinfo=timezone.utc).timestamp()
    os.utime(path, (back_then, back_then))
    ingest_inbox(sqlite_url, inbox, tmp_path / "data", BEFORE_DUE)
    with reading(sqlite_url) as session:
        reported = session.scalar(select(ProgressEntry.reported_at))
        opened = session.scalar(select(AuditEntry.at).where(AuditEntry.kind == "round_opened"))
        entry = session.scalars(select(AuditEntry).where(AuditEntry.kind == "progress_reported")).one()
    assert reported == entry.at == BEFORE_DUE > opened  # the server's clock: after the round opened, not 1 November
    assert entry.data["source"]["received"] == "投递文件夹"
    assert entry.data["source"]["file_modified_at"].startswith("2026-11-01")  # kept, as information only


def test_a_control_character_in_a_progress_report_cannot_break_the_report(world, tmp_path):
    from zoneinfo import ZoneInfo

    from models.domain.commands import ProgressCommand
    from models.engine.operations import perform_progress
    from models.queries.items import item_detail
    from models.reports.files import write_progress_report

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    perform_progress(world.db_url, ProgressCommand(item_id=1, actor="办公室联络员", text="已完成\x01整改\x0b"))
    assert item_detail(world.db_url, 1, today).progress[-1]["text"] == "已完成整改"
    report = tmp_path / "报告.docx"
    write_progress_report(world.db_url, None, today, "docx", report, with_charts=False)
    assert report.stat().st_size > 0
