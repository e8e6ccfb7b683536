from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.domain.deadlines import parse_deadline


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023年6月30日", date(2023, 6, 30)),
        ("2023年6月30号", date(2023, 6, 30)),
        ("2023年6月底", date(2023, 6, 30)),
        ("2023年6月末", date(2023, 6, 30)),
        ("2023年6月", date(2023, 6, 30)),
        ("2024年2月", date(2024, 2, 29)),
        ("2023年6月上旬", date(2023, 6, 10)),
        ("2023年6月30日前", date(2023, 6, 30)),
        ("2023年6月30日之前", date(2023, 6, 30)),
        ("2023年6月30日以前", date(2023, 6, 30)),
        ("2023年6月底前完成", date(2023, 6, 30)),
        ("2023年底", date(2023, 12, 31)),
        ("2023年年底", date(2023, 12, 31)),
        ("2023年底前", date(2023, 12, 31)),
        ("2023年上半年", date(2023, 6, 30)),
        ("2023年下半年", date(2023, 12, 31)),
        ("2023年第三季度", date(2023, 9, 30)),
        ("2023年三季度", date(2023, 9, 30)),
        ("2023年第一季度末", date(2023, 3, 31)),
        ("2023.6.30", date(2023, 6, 30)),
        ("2023/6/30", date(2023, 6, 30)),
        ("2023-06-30", date(2023, 6, 30)),
        ("2023.6", date(2023, 6, 30)),
        ("２０２３年６月３０日", date(2023, 6, 30)),
        ("２０２３／６／３０", date(2023, 6, 30)),
        ("二〇二三年十二月底", date(2023, 12, 31)),
        (" 2023年 6月30日 ", date(2023, 6, 30)),
        ("2023年6月底前完成，并长期坚持", date(2023, 6, 30)),
        ("2027年1月25日前集中整改完毕", date(2027, 1, 25)),
        ("2026年12月底前全部整改到位", date(2026, 12, 31)),
        # festivals: lunar ones by the lunar calendar (春节 2026-02-17 and 2027-02-06, 中秋 2026-09-25)
        ("2027年春节前", date(2027, 2, 5)),
        ("2026年春节", date(2026, 2, 17)),
        ("2026年中秋节前", date(2026, 9, 24)),
        ("2026年国庆节前", date(2026, 9, 30)),
        ("2027年元旦前", date(2026, 12, 31)),
    ],
)
def test_deadline_text_forms(text, expected):
    assert parse_deadline(text) == (expected, text.strip(), "date")


@pytest.mark.parametrize("text", ["立行立改", "立行立改，长期坚持"])
def test_immediate_deadline_has_no_date(text):
    assert parse_deadline(text) == (None, text, "immediate")


@pytest.mark.parametrize("text", ["长期坚持", "长期", "持续推进", "长期整改"])
def test_ongoing_deadline_has_no_date(text):
    assert parse_deadline(text) == (None, text, "ongoing")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_deadline_is_none(value):
    assert parse_deadline(value) == (None, None, "none")


@pytest.mark.parametrize("text", ["2022年预算编制时", "省里文件下发后", "下次巡察前", "2027年部门预算批复时"])
def test_a_deadline_that_is_an_event_is_kept_as_text_for_the_office_to_date(text):
    assert parse_deadline(text) == (None, text, "event")


def test_excel_date_cell_value_is_a_date():
    assert parse_deadline(datetime(2026, 12, 31, 0, 0)) == (date(2026, 12, 31), "2026-12-31", "date")
    assert parse_deadline(date(2026, 12, 31))[0] == date(2026, 12, 31)


@pytest.mark.parametrize(
    "value, reason",
    [
        ("2023年13月", "无法识别的日期「2023年13月」"),
        ("2023年2月30日", "无法识别的日期「2023年2月30日」"),
        ("尽快", "无法识别的日期「尽快」"),
        ("6月底", "日期缺少年份「6月底」"),
        ("三季度", "日期缺少年份「三季度」"),
    ],
)
def test_unrecognised_deadline_raises_with_chinese_reason(value, reason):
    with pytest.raises(ValueError) as raised:
        parse_deadline(value)
    assert str(raised.value) == reason


def test_number_cell_is_not_taken_for_a_date():
    with pytest.raises(ValueError, match="请把单元格设为日期格式"):
        parse_deadline(45291)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_real_day_parses_in_every_written_form(day):
    for text in (
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}/{day.month:02}/{day.day:02}",
        day.isoformat(),
        f"{day.year}年{day.month}月{day.day}日前",
    ):
        assert parse_deadline(text) == (day, text, "date")
