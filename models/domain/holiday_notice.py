"""A year's holiday notice as the office types it from the State Council's announcement (国务院办公厅关于××年部分
节假日安排的通知), read and checked whole; every problem is named with where it is.

    year: 2027
    holidays:                      # 放假的日子（含调休放假的周末）
      元旦: 2027-01-01
      春节: 2027-02-06 至 2027-02-12
      清明节: [2027-04-03, 2027-04-05]
    workdays: [2027-02-20, 2027-02-21]   # 调休上班的周末
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models.domain.problems import FileInvalid, Problem

_RANGE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:至|到|~|～|—|–|\.\.)\s*(\d{4}-\d{1,2}-\d{1,2})\s*$")
WEEKDAYS = "一二三四五六日"


class HolidayFileInvalid(FileInvalid):
    kind = "节假日安排文件"


@dataclass(frozen=True)
class HolidayNotice:
    year: int
    holidays: dict[date, str]  # day off -> the holiday it belongs to
    workdays: list[date]  # weekend days worked instead


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(re.sub(r"-(\d)(?!\d)", r"-0\1", str(value).strip()))


def _days(value: object) -> list[date]:
    """A date, a range "2027-02-06 至 2027-02-12", or a list of either."""
    if isinstance(value, list):
        return [d for v in value for d in _days(v)]
    found = _RANGE.match(str(value)) if not isinstance(value, date) else None
    if found:
        first, last = _day(found.group(1)), _day(found.group(2))
        if last < first:
            raise ValueError(f"「{value}」的结束日期早于开始日期")
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [_day(value)]


def read_holiday_notice(data: object, source: str | None = None) -> HolidayNotice:
    problems: list[Problem] = []

    def bad(where: str, reason: str) -> None:
        problems.append(Problem(row=None, column=where, message=f"「{where}」：{reason}"))

    if not isinstance(data, dict):
        raise HolidayFileInvalid([Problem(row=None, column=None, message="文件应包含 year、holidays、workdays 三项")],
                                 source)
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        bad("year", f"应为年份（如 2027），不是「{year}」")
        year = None
    holidays: dict[date, str] = {}
    named = data.get("holidays")
    if not isinstance(named, dict) or not named:
        bad("holidays", "应按节日列出放假的日期，如「春节: 2027-02-06 至 2027-02-12」")
        named = {}
    for name, value in named.items():
        try:
            for day in _days(value):
                holidays[day] = str(name)
        except (ValueError, TypeError) as error:
            bad(f"holidays.{name}", f"无法识别的日期「{value}」（应为 2027-02-06，或 2027-02-06 至 2027-02-12）"
                if not str(error).startswith("「") else str(error))
    workdays: list[date] = []
    listed = data.get("workdays", [])
    for value in listed if isinstance(listed, list) else [listed]:
        try:
            workdays += _days(value)
        except (ValueError, TypeError):
            bad("workdays", f"无法识别的日期「{value}」（应为 2027-02-20 这样的日期）")
    for day in workdays:
        if day.weekday() < 5:
            bad("workdays", f"{day}（星期{WEEKDAYS[day.weekday()]}）本来就是工作日：这里只列调休上班的周六、周日")
        if day in holidays:
            bad("workdays", f"{day} 同时列为放假（{holidays[day]}）和调休上班")
    if year is not None:
        for day in [*holidays, *workdays]:
            if day.year != year:
                bad("holidays" if day in holidays else "workdays", f"{day} 不在 {year} 年")
    if problems:
        raise HolidayFileInvalid(problems, source)
    return HolidayNotice(year=year, holidays=dict(sorted(holidays.items())), workdays=sorted(set(workdays)))
