"""The weekly summary workbook for the office and the leading group."""
from datetime import date, datetime, timezone

import openpyxl
import pytest

from models.collection.summary_model import (
    AspectCounts,
    ItemLine,
    ProgressLine,
    SubProgress,
    TransitionLine,
    UnitReport,
    WeeklySummary,
)
from models.collection.summary_xlsx import write_summary_xlsx

UTC = timezone.utc


def summary() -> WeeklySummary:
    return WeeklySummary(
        campaign="2026年巡察反馈问题整改", week="2026-W48",
        opened_at=datetime(2026, 11, 23, 1, 0, tzinfo=UTC),
        due_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC),  # 17:00 in Shanghai
        generated_at=datetime(2026, 11, 27, 0, 30, tzinfo=UTC),
        aspects=[
            AspectCounts(aspect="一、党的领导弱化方面", counts={"已完成整改": 3, "正在整改": 2, "长期整改": 1}, total=6),
            AspectCounts(aspect="二、全面从严治党不力方面", counts={"已完成整改": 1, "正在整改": 4, "长期整改": 0}, total=5),
        ],
        transitions=[TransitionLine(at=datetime(2026, 11, 24, 16, 5, 42, tzinfo=UTC), item_id=11, number="1",
                                    action="提请验收", from_state="正在整改", to_state="待验收", actor="张三")],
        due_soon=[ItemLine(item_id=12, number="2", text="公务接待审批单填写不规范", unit="财务处",
                           deadline=date(2026, 12, 5), deadline_text=None, state="正在整改", days=8)],
        overdue=[ItemLine(item_id=13, number="3", text="干部档案专项审核未完成", unit="组织人事处",
                          deadline=date(2026, 10, 31), deadline_text="2026年10月底", state="正在整改", days=27)],
        progress=[
            ProgressLine(item_id=12, number="2", text="公务接待审批单填写不规范", unit="财务处", state="正在整改",
                         latest=SubProgress(unit="财务处", text="已修订审批单模板",
                                            at=datetime(2026, 11, 25, 2, 0, tzinfo=UTC)),
                         cooperating=[SubProgress(unit="办公室", text="已配合梳理近三年审批单",
                                                  at=datetime(2026, 11, 25, 23, 30, tzinfo=UTC))]),
            ProgressLine(item_id=13, number="3", text="干部档案专项审核未完成", unit="组织人事处", state="正在整改",
                         latest=None),
        ],
        units=[UnitReport(unit="财务处", status="on_time", status_label="按时报送",
                          answered_at=datetime(2026, 11, 25, 2, 0, tzinfo=UTC)),
               UnitReport(unit="组织人事处", status="missing", status_label="未报送", answered_at=None)],
    )


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "周报.xlsx"
    write_summary_xlsx(summary(), path)
    return openpyxl.load_workbook(path)


def rows(sheet, first=4):
    return [list(r) for r in sheet.iter_rows(min_row=first, values_only=True)]


def test_summary_opens_with_six_sheets(workbook):
    assert workbook.sheetnames == ["汇总", "本周流转", "即将到期（14天内）", "已超期", "最新进展", "报送情况"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A4"
        assert sheet.auto_filter.ref.startswith("A3:")
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4


def test_aspect_counts_follow_the_label_order_with_a_total_row(workbook):
    sheet = workbook["汇总"]
    assert [c.value for c in sheet[3]] == ["方面", "已完成整改", "正在整改", "长期整改", "合计"]
    assert rows(sheet) == [["一、党的领导弱化方面", 3, 2, 1, 6], ["二、全面从严治党不力方面", 1, 4, 0, 5],
                           ["合计", 4, 6, 1, 11]]
    assert sheet.auto_filter.ref == "A3:E5"  # the total row stays out of sorting and filtering


def test_cooperating_progress_sits_under_its_lead_item(workbook):
    sheet = workbook["最新进展"]
    assert [c.value for c in sheet[3]] == ["序号", "具体问题", "单位", "当前状态", "最新进展", "报送时间"]
    body = rows(sheet)
    assert [r[:5] for r in body] == [
        ["2", "公务接待审批单填写不规范", "财务处", "正在整改", "已修订审批单模板"],
        ["2", None, "配合：办公室", "正在整改", "已配合梳理近三年审批单"],
        ["3", "干部档案专项审核未完成", "组织人事处", "正在整改", "（尚无进展报送）"],
    ]
    assert sheet.cell(5, 3).alignment.indent == 2
    assert sheet.row_dimensions[5].outlineLevel == 1


def test_times_are_shown_in_asia_shanghai(workbook):
    transition = workbook["本周流转"].cell(4, 1)
    assert transition.value == datetime(2026, 11, 25, 0, 5)  # 16:05:42 UTC, to the minute
    assert transition.number_format == "yyyy-mm-dd hh:mm"
    assert workbook["最新进展"].cell(5, 6).value == datetime(2026, 11, 26, 7, 30)
    assert rows(workbook["报送情况"]) == [["财务处", "按时报送", datetime(2026, 11, 25, 10, 0)],
                                          ["组织人事处", "未报送", None]]
    assert "报送截止：2026-11-26 17:00" in workbook["汇总"]["A2"].value


def test_other_time_zone_is_honoured(tmp_path):
    path = tmp_path / "周报.xlsx"
    write_summary_xlsx(summary(), path, timezone="Asia/Urumqi")  # UTC+6
    assert openpyxl.load_workbook(path)["本周流转"].cell(4, 1).value == datetime(2026, 11, 24, 22, 5)


def test_due_soon_and_overdue_show_deadline_and_days(workbook):
    assert rows(workbook["即将到期（14天内）"]) == [["2", "公务接待审批单填写不规范", "财务处", "2026-12-05", "正在整改", 8]]
    assert workbook["已超期"].cell(3, 6).value == "超期天数"
    assert rows(workbook["已超期"]) == [["3", "干部档案专项审核未完成", "组织人事处", "2026年10月底", "正在整改", 27]]


def test_empty_summary_still_opens(tmp_path):
    empty = summary().model_copy(update={"aspects": [], "transitions": [], "due_soon": [], "overdue": [],
                                         "progress": [], "units": []})
    path = tmp_path / "空.xlsx"
    write_summary_xlsx(empty, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook["本周流转"].cell(4, 1).value == "（无）"
    assert rows(workbook["汇总"]) == [["合计", 0]]
