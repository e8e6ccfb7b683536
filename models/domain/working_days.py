"""Working days by China's official calendar (weekends, public holidays, 调休 make-up days): from the maintained
`chinesecalendar` package, or — for a year the package does not know yet — from the holiday notice the office
imported (`rectiflow calendar import`). For a year neither knows, nothing is guessed: the arithmetic is refused
with what to do (no Monday–Friday assumption)."""
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from models.domain.refusals import Refused


class CalendarUnknown(Refused):
    def __init__(self, year: int):
        super().__init__(f"{year}年的法定节假日和调休安排尚未导入，不能计算该年的工作日（不按周一至周五推算），"
                         f"相关催办和时限计算暂停：请按国务院办公厅{year}年节假日安排的通知整理成 {year}.yaml"
                         f"（格式见 README「工作日历」），运行 rectiflow calendar import {year}.yaml")
        self.year = year


def unknown_calendar_notice(years: list[int]) -> str:
    """What a listing says when some of its lights needed a year's calendar nobody has imported yet."""
    named = "、".join(f"{year}年" for year in years)
    return (f"{named}的法定节假日和调休安排尚未导入，临近的时限不能按工作日判断，这些事项暂不显示红黄绿灯："
            f"请运行 rectiflow calendar import {years[0]}.yaml（格式见 README「工作日历」）")


@dataclass(frozen=True)
class OfficeYear:
    """A year as the State Council's notice sets it: the days off, and the weekend days worked instead."""
    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


_office_years: dict[int, OfficeYear] = {}


def use_office_years(years: Iterable[OfficeYear]) -> None:
    """The years the office imported (read from the database by models/queries/calendar.py)."""
    years = {y.year: y for y in years}
    if years != _office_years:
        _office_years.clear()
        _office_years.update(years)
        _running_count.cache_clear()


def source_of(year: int) -> str | None:
    """Where the year's calendar comes from: "office" (an imported notice), "package", or None (unknown)."""
    if year in _office_years:
        return "office"
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
        chinese_calendar.is_workday(date(year, 12, 31))
    except NotImplementedError:
        return None
    return "package"


def is_working_day(day: date) -> bool:
    office = _office_years.get(day.year)
    if office is not None:
        return office.is_working_day(day)
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarUnknown(day.year) from None


@lru_cache(maxsize=None)
def _running_count(year: int) -> tuple[int, ...]:
    """For each day of the year, the working days from 1 January up to and including it."""
    counts, total, day = [], 0, date(year, 1, 1)
    while day.year == year:
        total += is_working_day(day)
        counts.append(total)
        day += timedelta(days=1)
    return tuple(counts)


def _up_to(day: date) -> int:
    """Working days from 1 January of `day`'s year up to and including `day`."""
    return _running_count(day.year)[day.timetuple().tm_yday - 1]


def _nth_working_day_after(start: date, n: int) -> date:
    counts, year = _running_count(start.year), start.year
    target = _up_to(start) + n
    while counts[-1] < target:
        target -= counts[-1]
        year += 1
        counts = _running_count(year)
    return date(year, 1, 1) + timedelta(days=bisect_left(counts, target))


def working_days_after(start: date, end: date, at_most: int | None = None) -> int:
    """Working days in (start, end]: 0 when end <= start. From a deadline to today: days overdue; from today to a
    deadline: days left. With `at_most`, counting stops past it (the result is then at_most + 1), so that a
    deadline years away needs only the calendar of the next few weeks, and a deadline later the same year needs no
    calendar of the next year, however near the year's end."""
    if end <= start:
        return 0
    if at_most is not None and end.year > start.year:
        end = min(end, _nth_working_day_after(start, at_most + 1))
    whole_years = sum(_running_count(y)[-1] for y in range(start.year, end.year))
    return whole_years + _up_to(end) - _up_to(start)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
