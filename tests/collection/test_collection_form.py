"""The weekly progress form: pre-filled and locked where the system knows the facts, checked on return."""
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from models.collection.form_reader import read_form, read_form_identity
from models.collection.form_spec import FormInvalid, FormRow, FormSpec
from models.collection.form_writer import write_form

# Columns of the visible sheet (A–K) and the first item row.
ID, NUMBER, TEXT, ROLE, DEADLINE, STATE, LAST, PROGRESS, PERCENT, EVIDENCE, READY = range(1, 12)
FIRST = 4


def spec(**changes) -> FormSpec:
    values = dict(
        round_id=7, campaign="2026年巡察反馈问题整改", week="2026-W48", unit_id=3, unit="办公室",
        due="2026年11月26日 17:00",
        rows=[
            FormRow(item_id=11, number="1", text="议事规则执行不严格，部分事项未经集体研究",
                    role="lead", lead_unit="办公室", deadline="2026年12月底", state="正在整改",
                    last_progress="已起草议事规则修订稿"),
            FormRow(item_id=12, number="2", text="公务接待审批单填写不规范", role="cooperating",
                    lead_unit="财务处", deadline="2026-12-15", state="正在整改", last_progress=""),
            FormRow(item_id=15, number="5", text="档案管理制度未及时修订", role="lead",
                    lead_unit="办公室", deadline="长期坚持", state="已交办", last_progress=""),
        ],
    )
    values.update(changes)
    return FormSpec(**values)


@pytest.fixture
def form(tmp_path) -> Path:
    path = tmp_path / "办公室-2026-W48.xlsx"
    write_form(spec(), path)
    return path


def fill(path: Path, cells: dict[tuple[int, int], object], unprotect: bool = False) -> None:
    """What a unit does: open the form, type into cells, save (unprotecting first, as WPS users can)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    if unprotect:
        sheet.protection.disable()
    for (row, column), value in cells.items():
        sheet.cell(row, column).value = value
    workbook.save(path)


def refused(path: Path, expected: FormSpec | None = None) -> FormInvalid:
    with pytest.raises(FormInvalid) as raised:
        read_form(path, expected or spec())
    return raised.value


def test_form_prefills_and_locks_known_facts(form):
    workbook = openpyxl.load_workbook(form)
    sheet = workbook.worksheets[0]
    assert workbook.active.title == sheet.title
    assert sheet.protection.sheet is True
    assert workbook.security.lockStructure is True
    assert sheet["A1"].value == "2026年巡察反馈问题整改 整改进展周报表（2026-W48）"
    assert sheet["A2"].value == "报送单位：办公室　截止时间：2026年11月26日 17:00　请填写浅黄色列，其余内容已预填、不可修改"
    header = [sheet.cell(3, c).value for c in range(1, 12)]
    assert header == ["事项编号", "序号", "具体问题", "本单位职责", "整改时限", "当前状态", "上次报送进展",
                      "本周整改进展", "完成百分比（可选）", "佐证材料文件名（多个用、分隔）", "是否提请验收（是/否）"]
    lead = [sheet.cell(FIRST, c).value for c in range(ID, LAST + 1)]
    assert lead == ["#11", "1", "议事规则执行不严格，部分事项未经集体研究", "牵头", "2026年12月底", "正在整改",
                    "已起草议事规则修订稿"]
    cooperating = [sheet.cell(FIRST + 1, c).value for c in range(ID, LAST + 1)]
    assert cooperating == ["#12", "2", "公务接待审批单填写不规范", "配合（牵头单位：财务处）", "2026-12-15",
                           "正在整改", "（暂无）"]

    for row in range(FIRST, FIRST + 3):
        for column in range(ID, LAST + 1):
            assert sheet.cell(row, column).protection.locked, (row, column)
        for column in (PROGRESS, PERCENT, EVIDENCE):
            assert not sheet.cell(row, column).protection.locked, (row, column)
            assert sheet.cell(row, column).fill.fgColor.rgb.endswith("FFF2CC")
    assert not sheet.cell(FIRST, READY).protection.locked
    assert sheet.cell(FIRST + 1, READY).protection.locked
    assert sheet.cell(FIRST + 1, READY).value == "—"

    validations = {dv.type: {f"{get_column_letter(c)}{r}" for cells in dv.sqref.ranges for r, c in cells.cells}
                   for dv in sheet.data_validations.dataValidation}
    assert validations["list"] == {"K4", "K6"}  # 是/否 only where this unit leads
    assert validations["whole"] == {"I4", "I5", "I6"}
    assert sheet.freeze_panes == "C4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width
    assert sheet.cell(FIRST, TEXT).alignment.wrap_text

    meta = workbook["_rectiflow"]
    assert meta.sheet_state == "veryHidden"
    assert read_form_identity(form).model_dump() == {"round_id": 7, "week": "2026-W48", "unit_id": 3, "unit": "办公室"}


def test_filled_form_reads_back_answers(form):
    fill(form, {
        (FIRST, PROGRESS): "已召开党组会审议通过修订稿", (FIRST, PERCENT): 100,
        (FIRST, EVIDENCE): "党组会纪要.pdf、议事规则（2026年修订）.docx", (FIRST, READY): "是",
        (FIRST + 1, PROGRESS): "已配合梳理近三年接待审批单", (FIRST + 1, PERCENT): "60%",
    })
    reply = read_form(form, spec())
    assert reply.identity.unit_id == 3 and reply.identity.week == "2026-W48"
    assert [a.model_dump() for a in reply.answers] == [
        {"row": 4, "item_id": 11, "progress": "已召开党组会审议通过修订稿", "percent": 100,
         "evidence_names": ["党组会纪要.pdf", "议事规则（2026年修订）.docx"], "ready": True},
        {"row": 5, "item_id": 12, "progress": "已配合梳理近三年接待审批单", "percent": 60,
         "evidence_names": [], "ready": False},
    ]  # row 6 was left empty: no answer


def test_ready_no_alone_is_not_an_answer(form):
    fill(form, {(FIRST + 2, READY): "否"})
    assert read_form(form, spec()).answers == []


def test_cooperating_rows_cannot_submit(form):
    fill(form, {(FIRST + 1, PROGRESS): "已完成", (FIRST + 1, EVIDENCE): "清单.xlsx", (FIRST + 1, READY): "是"},
         unprotect=True)
    problems = refused(form).problems
    assert [(p.row, p.column) for p in problems] == [(5, "是否提请验收（是/否）")]
    assert "配合单位，不能提请验收" in problems[0].message


def test_edited_locked_cell_is_refused_with_row_and_column(form):
    fill(form, {(FIRST + 1, DEADLINE): "2027-06-30", (FIRST + 2, STATE): "已完成整改"}, unprotect=True)
    error = refused(form)
    assert [p.message for p in error.problems] == ["第5行「整改时限」：为预填内容，不能修改",
                                                   "第6行「当前状态」：为预填内容，不能修改"]
    assert str(error).startswith("报送表「办公室-2026-W48.xlsx」有2处问题：")


def test_edited_hidden_copy_does_not_excuse_an_edit(form):
    """Editing the visible cell and writing the same into the hidden sheet (forms before 2026-11 carried a copy of
    the rows there) is still an edit: the check is against what was sent, rebuilt by the caller."""
    workbook = openpyxl.load_workbook(form)
    workbook.worksheets[0].protection.disable()
    workbook.worksheets[0].cell(FIRST, DEADLINE).value = "2027年底"
    meta = workbook["_rectiflow"]
    meta.append([])
    meta.append(["excel_row", "item_id", "整改时限"])
    meta.append([FIRST, 11, "2027年底"])
    workbook.save(form)
    assert [(p.row, p.column) for p in refused(form).problems] == [(4, "整改时限")]


def test_form_for_another_week_or_unit_is_refused(form):
    other_week = refused(form, spec(week="2026-W49", round_id=8)).problems
    assert [p.message for p in other_week] == [
        "此表是「办公室」2026-W48的报送表，不是「办公室」2026-W49的报送表，请使用本单位本周下发的报送表"]
    other_unit = refused(form, spec(unit_id=4, unit="财务处")).problems
    assert "此表是「办公室」2026-W48的报送表，不是「财务处」2026-W48的报送表" in other_unit[0].message
    other_round = refused(form, spec(round_id=9, campaign="2026年审计整改")).problems
    assert "不是「2026年审计整改」2026-W48的报送表" in other_round[0].message


def test_bad_percent_and_bad_ready_value_are_reported_together(form):
    fill(form, {(FIRST, PROGRESS): "推进中", (FIRST, PERCENT): 120, (FIRST, READY): "已完成",
                (FIRST + 2, PERCENT): "大部分", (FIRST + 1, PERCENT): 45.5})
    problems = refused(form).problems
    assert [(p.row, p.column) for p in problems] == [
        (4, "完成百分比（可选）"), (4, "是否提请验收（是/否）"), (5, "完成百分比（可选）"), (6, "完成百分比（可选）")]
    assert problems[0].message == "第4行「完成百分比（可选）」：「120」不是0到100之间的整数"
    assert problems[1].message == "第4行「是否提请验收（是/否）」：应填「是」或「否」，不能填「已完成」"


def test_added_row_is_refused(form):
    fill(form, {(7, PROGRESS): "另外：本单位还整改了其他问题"}, unprotect=True)
    problems = refused(form).problems
    assert [(p.row, p.column) for p in problems] == [(7, None)]
    assert "不能增加行" in problems[0].message


def test_removed_and_reordered_rows_are_refused(tmp_path):
    path = tmp_path / "form.xlsx"
    write_form(spec(), path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.protection.disable()
    sheet.delete_rows(FIRST + 2)  # item #15 gone
    # swap the first two rows
    first = [sheet.cell(FIRST, c).value for c in range(1, 12)]
    second = [sheet.cell(FIRST + 1, c).value for c in range(1, 12)]
    for c in range(1, 12):
        sheet.cell(FIRST, c).value, sheet.cell(FIRST + 1, c).value = second[c - 1], first[c - 1]
    workbook.save(path)
    messages = [p.message for p in refused(path).problems]
    assert messages == ["「事项编号」：缺少事项#15（序号5）所在的行：报送表不能删除行",
                        "事项行的顺序被调换：请保持下发时的顺序"]


def test_not_our_form_is_refused(tmp_path):
    plain = tmp_path / "自制表格.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "整改进展"
    workbook.save(plain)
    error = refused(plain)
    assert [p.message for p in error.problems] == ["这不是本系统下发的报送表（缺少报送表标识），请使用下发的报送表填写"]
    with pytest.raises(FormInvalid):
        read_form_identity(plain)

    text = tmp_path / "进展.xlsx"
    text.write_text("不是 Excel 文件", encoding="utf-8")
    assert "不是有效的 Excel（.xlsx）文件" in refused(text).problems[0].message


def test_ready_requires_evidence_names(form):
    fill(form, {(FIRST, PROGRESS): "已整改完毕", (FIRST, READY): "是"})
    problems = refused(form).problems
    assert [p.message for p in problems] == ["第4行「佐证材料文件名（多个用、分隔）」：提请验收须填写佐证材料文件名"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    path = tmp_path / "form.xlsx"
    rows = [spec().rows[0].model_copy(update={"last_progress": "=已完成50%"})]
    write_form(spec(rows=rows), path)
    assert openpyxl.load_workbook(path).worksheets[0].cell(FIRST, LAST).value == "=已完成50%"
    assert read_form(path, spec(rows=rows)).answers == []
