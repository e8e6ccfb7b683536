"""How office spreadsheets are read: one test per layout quirk."""
from datetime import date, datetime

import pytest

from models.ledger_files.document import UNCATEGORISED_ASPECT
from models.ledger_files.xlsx_reader import read_ledger_xlsx

HEADER = ["序号", "问题类别", "具体问题", "整改措施", "责任领导", "牵头单位", "配合单位", "整改时限", "完成情况", "备注"]
BLANK = [None] * len(HEADER)


def item(number, text, lead="办公室", *, aspect=None, measures="完善制度", leader=None, cooperating=None,
         deadline="2026年12月底", status=None, remarks=None):
    return [number, aspect, text, measures, leader, lead, cooperating, deadline, status, remarks]


def test_header_found_below_title_rows(write_xlsx):
    path = write_xlsx(
        [
            ["市审计局审计发现问题整改台账"],
            ["填报单位：办公室　　填报时间：2026年11月2日"],
            [],
            HEADER,
            item(1, "问题甲"),
            item(2, "问题乙"),
        ],
        merges=["A1:J1", "A2:J2"],
    )
    ledger = read_ledger_xlsx(path)
    assert [(i.row, i.number, i.text) for i in ledger.items] == [(5, "1", "问题甲"), (6, "2", "问题乙")]
    assert ledger.campaign.title == "市审计局审计发现问题整改台账"
    assert ledger.campaign.source_type == "审计"


def test_campaign_dates_are_read_from_the_subtitle_row(write_xlsx):
    path = write_xlsx(
        [
            ["市委第一巡察组反馈意见整改台账"],
            ["反馈时间：2026年10月26日　　集中整改期限：2027年1月26日"],
            HEADER,
            item(1, "问题甲"),
        ]
    )
    campaign = read_ledger_xlsx(path).campaign
    assert (campaign.source_type, campaign.feedback_date, campaign.period_end) == (
        "巡察", date(2026, 10, 26), date(2027, 1, 26),
    )


def test_header_cells_with_line_breaks_spaces_and_notes_are_recognised(write_xlsx):
    path = write_xlsx(
        [
            ["序 号", "存在\n问题", "整改\r\n措施", "责任　单位", "完成时限（年月日）"],
            [1, "问题甲", "完善制度", "人事处", "2026年12月底"],
        ]
    )
    [only] = read_ledger_xlsx(path).items
    assert (only.text, only.lead_unit, only.deadline) == ("问题甲", "人事处", date(2026, 12, 31))


def test_two_row_header_with_group_cells_is_recognised(write_xlsx):
    path = write_xlsx(
        [
            ["序号", "具体问题", "整改措施", "整改责任", None, None, "整改时限"],
            [None, None, None, "责任领导", "牵头单位", "配合单位", None],
            [1, "问题甲", "完善制度", "王建国", "办公室", "人事处", "立行立改"],
        ],
        merges=["A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2"],
    )
    [only] = read_ledger_xlsx(path).items
    assert (only.row, only.leader, only.lead_unit, only.cooperating_units) == (3, "王建国", "办公室", ["人事处"])


def test_aspect_column_merged_vertically_applies_to_every_row(write_xlsx):
    path = write_xlsx(
        [
            HEADER,
            item(1, "问题甲", aspect="一、关于履行职能职责方面"),
            item(2, "问题乙"),
            item(3, "问题丙"),
            item(4, "问题丁", aspect="二、关于队伍建设方面"),
            item(5, "问题戊"),
        ],
        merges=["B2:B4", "B5:B6"],
    )
    ledger = read_ledger_xlsx(path)
    assert [i.aspect for i in ledger.items] == ["关于履行职能职责方面"] * 3 + ["关于队伍建设方面"] * 2
    assert ledger.aspects == ["关于履行职能职责方面", "关于队伍建设方面"]


def test_aspect_written_only_on_a_categorys_first_row_carries_down(write_xlsx):
    path = write_xlsx([HEADER, item(1, "问题甲", aspect="关于作风建设方面"), item(2, "问题乙")])
    assert [i.aspect for i in read_ledger_xlsx(path).items] == ["关于作风建设方面"] * 2


def test_section_rows_set_the_aspect(write_xlsx):
    path = write_xlsx(
        [
            HEADER,
            ["一、关于落实中央决策部署、履行职能职责方面"] + BLANK[1:],
            item(1, "问题甲"),
            item(2, "问题乙"),
            [None, None, "（二）关于党建工作、队伍建设和管理方面"] + BLANK[3:],
            item(3, "问题丙"),
            ["三", "管党治党"] + BLANK[2:],
            item(4, "问题丁"),
        ],
        merges=["A2:J2"],
    )
    ledger = read_ledger_xlsx(path)
    assert [(i.row, i.aspect) for i in ledger.items] == [
        (3, "关于落实中央决策部署、履行职能职责方面"),
        (4, "关于落实中央决策部署、履行职能职责方面"),
        (6, "关于党建工作、队伍建设和管理方面"),
        (8, "管党治党"),
    ]


def test_items_without_any_aspect_are_uncategorised(write_xlsx):
    path = write_xlsx([["序号", "具体问题", "牵头单位"], [1, "问题甲", "办公室"]])
    assert read_ledger_xlsx(path).aspects == [UNCATEGORISED_ASPECT]


def test_merged_leader_fills_every_row_it_spans(write_xlsx):
    path = write_xlsx(
        [HEADER, item(1, "问题甲", leader="刘芳"), item(2, "问题乙"), item(3, "问题丙"), item(4, "问题丁")],
        merges=["E2:E4"],
    )
    assert [i.leader for i in read_ledger_xlsx(path).items] == ["刘芳", "刘芳", "刘芳", None]


def test_empty_cells_are_not_copied_from_the_row_above(write_xlsx):
    path = write_xlsx([HEADER, item(1, "问题甲", leader="刘芳", cooperating="人事处"), item(2, "问题乙")])
    second = read_ledger_xlsx(path).items[1]
    assert (second.leader, second.cooperating_units) == (None, [])


def test_measures_cell_is_split_into_ordered_measures(write_xlsx):
    path = write_xlsx([HEADER, item(1, "问题甲", measures="一是修订办法。二是加强培训。三是定期检查。")])
    [only] = read_ledger_xlsx(path).items
    assert [m.text for m in only.measures] == ["修订办法", "加强培训", "定期检查"]


def test_units_cell_first_is_lead_when_no_cooperating_column(write_xlsx):
    path = write_xlsx([["序号", "具体问题", "责任单位"], [1, "问题甲", "办公室、人事处，机关党委"]])
    [only] = read_ledger_xlsx(path).items
    assert (only.lead_unit, only.cooperating_units) == ("办公室", ["人事处", "机关党委"])


def test_cooperating_column_follows_extra_units_of_the_lead_cell(write_xlsx):
    path = write_xlsx([HEADER, item(1, "问题甲", lead="办公室、人事处", cooperating="机关党委、人事处")])
    [only] = read_ledger_xlsx(path).items
    assert (only.lead_unit, only.cooperating_units) == ("办公室", ["人事处", "机关党委"])


def test_excel_date_cell_is_a_deadline(write_xlsx):
    path = write_xlsx([HEADER, item(1, "问题甲", deadline=datetime(2027, 3, 31))])
    [only] = read_ledger_xlsx(path).items
    assert (only.deadline, only.deadline_kind) == (date(2027, 3, 31), "date")


def test_deadline_text_is_kept_as_written(write_xlsx):
    path = write_xlsx([HEADER, item(1, "问题甲", deadline="2027年3月31日前"), item(2, "问题乙", deadline="长期坚持")])
    first, second = read_ledger_xlsx(path).items
    assert (first.deadline, first.deadline_text, first.deadline_kind) == (date(2027, 3, 31), "2027年3月31日前", "date")
    assert (second.deadline, second.deadline_text, second.deadline_kind) == (None, "长期坚持", "ongoing")


@pytest.mark.parametrize(
    "written, state",
    [
        ("已完成", "closed"), ("已完成整改", "closed"), ("已整改", "closed"), ("已销号", "closed"),
        ("基本完成", "verified"), ("基本完成整改", "verified"),
        ("正在整改", "in_progress"), ("整改中", "in_progress"), ("推进中", "in_progress"),
        ("长期整改", "long_term"), ("长期坚持", "long_term"),
        ("未启动", "assigned"), ("未开始", "assigned"),
        ("部分整改", "in_progress"), ("未整改", "assigned"), ("已完成（长期坚持）", "closed"),
        (None, None),
    ],
)
def test_status_column_sets_initial_state(write_xlsx, written, state):
    path = write_xlsx([HEADER, item(1, "问题甲", status=written)])
    assert read_ledger_xlsx(path).items[0].initial_state == state


def test_problem_merged_over_several_rows_is_one_item_with_a_measure_per_row(write_xlsx):
    path = write_xlsx(
        [
            HEADER,
            item(1, "问题甲", measures="修订采购办法", lead="规划财务处", leader="刘芳", deadline="2026年12月底"),
            item(None, None, measures="开展专项自查", lead="办公室", deadline="立行立改"),
            item(2, "问题乙"),
        ],
        merges=["A2:A3", "C2:C3", "E2:E3"],
    )
    first, second = read_ledger_xlsx(path).items
    assert (first.row, first.lead_unit, first.cooperating_units, first.leader) == (2, "规划财务处", ["办公室"], "刘芳")
    assert [(m.text, m.unit, m.deadline, m.deadline_text) for m in first.measures] == [
        ("修订采购办法", "规划财务处", date(2026, 12, 31), "2026年12月底"),
        ("开展专项自查", "办公室", None, "立行立改"),
    ]
    assert first.deadline == date(2026, 12, 31)
    assert (second.row, second.number) == (4, "2")


def test_first_sheet_with_a_recognisable_header_is_used(write_xlsx):
    path = write_xlsx(
        [HEADER, item(1, "问题甲")],
        sheets_before=[[["填表说明"], ["1.序号按顺序填写"], ["2.时限写到日"]]],
    )
    assert [i.text for i in read_ledger_xlsx(path).items] == ["问题甲"]


def test_empty_rows_are_skipped(write_xlsx):
    path = write_xlsx([HEADER, item(1, "问题甲"), BLANK, ["  "] + BLANK[1:], item(2, "问题乙"), BLANK])
    assert [i.row for i in read_ledger_xlsx(path).items] == [2, 5]


def test_items_are_numbered_in_order_when_the_file_has_no_numbers(write_xlsx):
    path = write_xlsx([["具体问题", "整改措施", "牵头单位"], ["问题甲", "甲", "办公室"], ["问题乙", "乙", "人事处"]])
    assert [i.number for i in read_ledger_xlsx(path).items] == ["1", "2"]


def test_numbering_restarting_in_each_aspect_is_qualified_by_the_aspect(write_xlsx):
    path = write_xlsx(
        [
            HEADER,
            item(1, "问题甲", aspect="关于职能职责方面"),
            item(2, "问题乙"),
            item(1, "问题丙", aspect="关于队伍建设方面"),
        ]
    )
    assert [i.number for i in read_ledger_xlsx(path).items] == ["一-1", "一-2", "二-1"]
