"""Every problem in a spreadsheet is reported at once, where the office will find it."""
import pytest

from models.domain.problems import LedgerFileInvalid
from models.ledger_files.xlsx_reader import read_ledger_xlsx

HEADER = ["序号", "存在问题", "整改措施", "责任部门", "完成\n时限", "整改状态"]


def problems_of(path) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(LedgerFileInvalid) as raised:
        read_ledger_xlsx(path)
    return [(p.row, p.column, p.message) for p in raised.value.problems]


def test_every_bad_row_is_reported_with_row_and_column(write_xlsx):
    path = write_xlsx(
        [
            ["整改台账"],
            HEADER,
            [1, "问题甲", "甲", "办公室", "2026年12月底", None],
            [2, None, "乙", "人事处", "2026年12月底", None],
            [3, "问题丙", "丙", "办公室", "2023年13月", None],
            [4, "问题丁", "丁", "办公室", "立行立改", "差不多了"],
        ]
    )
    assert problems_of(path) == [
        (4, "存在问题", "第4行「存在问题」：问题内容为空"),
        (5, "完成时限", "第5行「完成时限」：无法识别的日期「2023年13月」"),
        (6, "整改状态", "第6行「整改状态」：无法识别的完成情况「差不多了」（可填：已整改、部分整改、未整改、正在整改、长期整改、基本完成、未启动）"),
    ]


def test_empty_lead_unit_is_reported(write_xlsx):
    path = write_xlsx([HEADER, [1, "问题甲", "甲", None, "立行立改", None]])
    assert problems_of(path) == [(2, "责任部门", "第2行「责任部门」：牵头单位为空")]


def test_duplicate_number_is_reported(write_xlsx):
    path = write_xlsx(
        [HEADER, [1, "问题甲", "甲", "办公室", None, None], [1, "问题乙", "乙", "办公室", None, None]]
    )
    assert problems_of(path) == [(3, "序号", "第3行「序号」：序号「1」重复（与第2行相同）")]


def test_missing_number_among_numbered_items_is_reported(write_xlsx):
    path = write_xlsx(
        [HEADER, [1, "问题甲", "甲", "办公室", None, None], [None, "问题乙", "乙", "办公室", None, None]]
    )
    assert problems_of(path) == [(3, "序号", "第3行「序号」：序号为空（其他问题都有序号）")]


def test_missing_required_column_is_reported(write_xlsx):
    path = write_xlsx(
        [
            ["序号", "具体问题", "整改措施", "整改时限"],
            [1, "问题甲", "甲", "2026年12月底"],
            [2, "问题乙", "乙", "明年"],
        ]
    )
    assert problems_of(path) == [
        (None, "牵头单位", "「牵头单位」：表头中没有这一列（也可写作：责任单位、责任部门、牵头部门、责任科室、责任股室、"
                           "责任处室、整改责任单位、牵头科室、牵头股室、牵头处室、责任主体；或用 --column 列名=lead_unit 指明）"),
        (3, "整改时限", "第3行「整改时限」：无法识别的日期「明年」"),
    ]


def test_sheet_without_a_recognisable_header_is_reported(write_xlsx):
    path = write_xlsx([["会议纪要"], ["时间", "地点"]])
    [(row, column, message)] = problems_of(path)
    assert (row, column) == (None, None)
    assert message.startswith("没有找到表头行")


def test_file_that_is_not_an_xlsx_is_reported(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_text("序号,具体问题\n1,问题甲\n", encoding="utf-8")
    assert problems_of(path) == [(None, None, "无法打开：这不是有效的 Excel（.xlsx）文件")]


def test_missing_file_is_reported(tmp_path):
    [(_, _, message)] = problems_of(tmp_path / "没有这个文件.xlsx")
    assert message.startswith("找不到文件")


def test_exception_text_lists_every_problem_one_per_line(write_xlsx):
    path = write_xlsx(
        [HEADER, [1, None, "甲", "办公室", None, None], [2, "问题乙", "乙", None, None, None]], name="台账.xlsx"
    )
    with pytest.raises(LedgerFileInvalid) as raised:
        read_ledger_xlsx(path)
    assert str(raised.value).splitlines() == [
        "台账文件「台账.xlsx」有2处问题：",
        "第2行「存在问题」：问题内容为空",
        "第3行「责任部门」：牵头单位为空",
    ]
