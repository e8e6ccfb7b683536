"""Importing a year's holiday notice (放假和调休安排): audited, the office told; importing a year again replaces it."""
from datetime import datetime

from models.directory.lookup import Directory
from models.directory.recipients import tell
from models.domain.clock import utcnow
from models.domain.events import CALENDAR_IMPORTED
from models.domain.holiday_notice import HolidayNotice
from models.domain.vocabulary import Role
from models.store.unit_of_work import UnitOfWork, unit_of_work
from models.tables.calendar import HolidayYear


def import_holiday_year(uow: UnitOfWork, notice: HolidayNotice, actor_name: str, source_file: str | None,
                        now: datetime) -> bool:
    """True when the year was imported before and is replaced."""
    uow.lock_chain()
    session = uow.session
    row = session.get(HolidayYear, notice.year)
    replaced = row is not None
    if row is None:
        row = HolidayYear(year=notice.year)
        session.add(row)
    row.holidays = {day.isoformat(): name for day, name in notice.holidays.items()}
    row.workdays = [day.isoformat() for day in notice.workdays]
    row.source_file, row.imported_by, row.imported_at = source_file, actor_name, now
    session.flush()
    entry = uow.record(at=now, kind=CALENDAR_IMPORTED, actor_id=None, actor_name=actor_name,
                       data={"year": notice.year, "file": source_file, "replaced": replaced,
                             "holidays": row.holidays, "workdays": row.workdays})
    tell(uow, entry, Directory.of(uow).with_role(Role.office),
         {"year": notice.year, "file": source_file, "holidays": len(row.holidays), "workdays": row.workdays,
          "actor": actor_name, "at": now.isoformat()})
    return replaced


def perform_holiday_import(db_url: str, notice: HolidayNotice, actor_name: str, source_file: str | None) -> bool:
    with unit_of_work(db_url) as uow:
        return import_holiday_year(uow, notice, actor_name, source_file, utcnow())
