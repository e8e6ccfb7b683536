"""The office's holiday notices, as the working-day arithmetic uses them (models/domain/working_days.py), and the
calendar's state as `rectiflow calendar list` shows it."""
from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.working_days import OfficeYear, source_of, use_office_years
from models.store.database import read_only
from models.tables.calendar import HolidayYear


def load_office_calendar(session: Session) -> None:
    """Make the imported years known to the working-day arithmetic of this process (a few rows; read each time
    a run needs them, so a notice imported since is used)."""
    use_office_years(OfficeYear(row.year, frozenset(map(date.fromisoformat, row.holidays)),
                                frozenset(map(date.fromisoformat, row.workdays)))
                     for row in session.scalars(select(HolidayYear)))


class CalendarYear(BaseModel):
    year: int
    source: str | None  # office / package / None
    source_label: str
    holidays: int | None = None  # days off in an imported notice
    workdays: list[date] = []


SOURCE_LABELS = {"office": "已导入的节假日安排", "package": "chinesecalendar 软件包", None: "未知：催办和时限计算暂停"}


@read_only
def calendar_years(session: Session, years: list[int]) -> list[CalendarYear]:
    load_office_calendar(session)
    imported = {row.year: row for row in session.scalars(select(HolidayYear))}
    result = []
    for year in sorted(set(years) | set(imported)):
        source, row = source_of(year), imported.get(year)
        result.append(CalendarYear(year=year, source=source, source_label=SOURCE_LABELS[source],
                                   holidays=len(row.holidays) if row else None,
                                   workdays=[date.fromisoformat(d) for d in row.workdays] if row else []))
    return result
