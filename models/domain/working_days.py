"""Working days by China's official calendar (weekends, public holidays, 调休 make-up days), from the
maintained `chinesecalendar` package. For years it does not know yet, Monday–Friday, said once in the log."""
import logging
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

log = logging.getLogger("rectiflow.working_days")


@lru_cache(maxsize=None)
def _warn_fallback(year: int) -> None:
    log.warning("the official holiday calendar for %s is not known yet (chinesecalendar %s): "
                "counting Monday–Friday as working days", year, chinese_calendar.__version__)


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_fallback(day.year)
        return day.weekday() < 5


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


def working_days_after(start: date, end: date) -> int:
    """Working days in (start, end]: 0 when end <= start. From a deadline to today: days overdue;
    from today to a deadline: days left."""
    if end <= start:
        return 0
    whole_years = sum(_running_count(y)[-1] for y in range(start.year, end.year))
    return whole_years + _up_to(end) - _up_to(start)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
