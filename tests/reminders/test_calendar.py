"""The calendar does not guess: for a year chinesecalendar does not know (1.11 knows up to 2026), working days come
from the holiday notice the office imports; until then, reminders and deadline arithmetic that need that year are
refused with one Chinese message saying what to do — never counted Monday to Friday (2027-01-01 is 元旦)."""
from datetime import date

import pytest
from holidays import HOLIDAYS_2027
from reminder_world import build, nine_am, planned, stamp_schema, written
from sqlalchemy import select

from models.domain.holiday_notice import HolidayFileInvalid, read_holiday_notice
from models.domain.working_days import CalendarUnknown, is_working_day, use_office_years, working_days_after
from models.engine.holidays import perform_holiday_import
from models.queries.calendar import load_office_calendar
from models.reminders.send import send_on_working_day
from models.store.database import reading
from models.tables.audit import AuditEntry
from models.tables.outbox import OutboxMessage

NEW_YEARS_EVE = date(2026, 12, 31)


def import_notice(db_url, data: dict | None = None) -> None:
    import yaml

    notice = read_holiday_notice(data or yaml.safe_load(HOLIDAYS_2027.read_text(encoding="utf-8")))
    perform_holiday_import(db_url, notice, "整改办甲", "2027.yaml")


def send_on(db_url, day):
    return send_on_working_day(db_url, day, nine_am(day), "Asia/Shanghai", (20, 8))


# ---- no guessing --------------------------------------------------------------------------------------------


def test_a_day_of_an_unknown_year_is_refused_not_counted_monday_to_friday():
    use_office_years([])
    with pytest.raises(CalendarUnknown) as refused:
        is_working_day(date(2027, 1, 1))  # a Friday, and 元旦
    assert "2027年的法定节假日和调休安排尚未导入" in refused.value.message
    assert "rectiflow calendar import 2027.yaml" in refused.value.message
    with pytest.raises(CalendarUnknown):
        working_days_after(NEW_YEARS_EVE, date(2027, 1, 8))


def test_a_deadline_years_away_needs_only_the_next_weeks_calendar():
    use_office_years([])
    assert working_days_after(date(2026, 3, 2), date(2030, 6, 30), at_most=7) == 8  # "more than 7": no 2027 needed


def test_a_deadline_at_the_years_end_seen_days_before_needs_no_calendar_of_the_next_year():
    use_office_years([])
    assert working_days_after(date(2026, 12, 28), date(2026, 12, 31), at_most=7) == 3  # 29, 30 and 31 December


def test_reminders_needing_the_unknown_year_are_held_back_and_the_rest_sent(sqlite_url):
    build(sqlite_url, [date(2027, 1, 8), date(2026, 12, 1)])  # due in 8 days across 元旦; overdue since December

    run = send_on(sqlite_url, NEW_YEARS_EVE)

    assert run.unknown_years == [2027]
    with reading(sqlite_url) as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.kind == "reminders_sent")).all()
    assert entry.data["counts"] == {"overdue": 1}  # item 2 only: item 1's days left are not guessed


def test_a_listing_in_late_december_lights_what_it_can_and_names_the_calendar_missing(sqlite_url):
    from models.queries.items import list_items

    build(sqlite_url, [date(2027, 1, 8), date(2026, 12, 1), date(2026, 12, 31)])  # across 元旦; overdue; this year
    page = list_items(sqlite_url, date(2026, 12, 28))
    assert [(row.id, row.light) for row in page.rows] == [(1, None), (2, "red"), (3, "yellow")]
    assert page.calendar_unknown == [2027]
    import_notice(sqlite_url)
    page = list_items(sqlite_url, date(2026, 12, 28))
    assert [row.light for row in page.rows] == ["green", "red", "yellow"] and page.calendar_unknown == []  # 8 days


def test_the_command_line_lists_them_and_says_what_to_import(sqlite_url, capsys, monkeypatch):
    from models.settings import Settings
    from rectiflow.cli import main
    from rectiflow.cli.context import state

    build(sqlite_url, [date(2027, 1, 8), date(2026, 12, 1)])
    stamp_schema(sqlite_url)
    monkeypatch.setattr(state, "settings", Settings())
    monkeypatch.setattr(state, "today", lambda: date(2026, 12, 28))
    main(["--db", sqlite_url, "items", "list"])
    said = capsys.readouterr().out.replace("\n", "")
    assert "共 2 项" in said and "2027年的法定节假日和调休安排尚未导入" in said
    assert "rectiflow calendar import 2027.yaml" in said


def test_a_day_of_the_unknown_year_itself_is_refused(sqlite_url):
    build(sqlite_url, [date(2027, 1, 8)])
    before = written(sqlite_url)
    with pytest.raises(CalendarUnknown):
        send_on(sqlite_url, date(2027, 1, 4))
    assert written(sqlite_url) == before


# ---- the office's notice -------------------------------------------------------------------------------------


def test_with_the_notice_imported_new_years_day_is_a_holiday_and_counted_so(sqlite_url):
    build(sqlite_url, [date(2027, 1, 8)])
    import_notice(sqlite_url)

    assert send_on(sqlite_url, date(2027, 1, 1)).working_day is False  # 元旦
    [reminder] = planned(sqlite_url, NEW_YEARS_EVE)
    assert reminder.line["detail"] == "距整改时限还有 5 个工作日"  # 1–3 January off: 4, 5, 6, 7, 8 (not 6)
    assert is_working_day(date(2027, 2, 20))  # a Saturday worked for 春节 (调休)
    assert not is_working_day(date(2027, 2, 8))  # a Monday of the 春节 holiday


def test_importing_a_notice_is_audited_and_the_office_told(sqlite_url):
    build(sqlite_url, [date(2027, 1, 8)])
    import_notice(sqlite_url)
    import_notice(sqlite_url)  # again: replaced

    with reading(sqlite_url) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.kind == "calendar_imported")).all()
        told = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "calendar_imported")).all()
        load_office_calendar(session)
    assert [e.data["replaced"] for e in entries] == [False, True]
    assert entries[0].data["workdays"] == ["2027-02-20", "2027-02-21", "2027-04-25", "2027-05-08", "2027-09-26",
                                           "2027-10-09"]
    assert {m.recipient for m in told} == {"整改办甲", "整改办乙"}


@pytest.mark.parametrize("data, says", [
    ({"year": 2027, "holidays": {"春节": "2027-02-06 至 2027-02-12"}, "workdays": ["2027-02-22"]},
     "2027-02-22（星期一）本来就是工作日"),
    ({"year": 2027, "holidays": {"元旦": "2026-12-31"}}, "2026-12-31 不在 2027 年"),
    ({"year": 2027, "holidays": {"春节": "2027-02-12 至 2027-02-06"}}, "结束日期早于开始日期"),
    ({"year": 2027, "holidays": {"春节": "二月初六"}}, "「holidays.春节」：无法识别的日期「二月初六」"),
    ({"year": 2027, "holidays": {"国庆节": "2027-10-09"}, "workdays": ["2027-10-09"]}, "同时列为放假（国庆节）和调休上班"),
    ({"year": "明年", "holidays": {"元旦": "2027-01-01"}}, "「year」：应为年份"),
    ({"year": 2027}, "「holidays」：应按节日列出放假的日期"),
    (["2027-01-01"], "文件应包含 year、holidays、workdays 三项"),
])
def test_a_notice_typed_wrong_is_refused_naming_each_problem(data, says):
    with pytest.raises(HolidayFileInvalid) as refused:
        read_holiday_notice(data, "2027.yaml")
    assert says in str(refused.value) and str(refused.value).startswith("节假日安排文件「2027.yaml」有")
