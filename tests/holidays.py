"""The sample 2027 holiday notice (rectiflow/samples/holidays_2027.yaml), imported as an office imports one, for tests
whose dates reach into 2027: chinesecalendar 1.11 knows the official calendar only up to 2026."""
from pathlib import Path

from models.domain.holiday_notice import read_holiday_notice
from models.domain.refusals import InvalidInput
from models.engine.holidays import perform_holiday_import
from models.files.structured import load_structured
from models.queries.calendar import load_office_calendar
from models.store.database import reading

HOLIDAYS_2027 = Path(__file__).parents[1] / "rectiflow" / "samples" / "holidays_2027.yaml"


def import_2027(db_url: str) -> None:
    """Imported as `rectiflow calendar import` does, and known to this process's working-day arithmetic."""
    perform_holiday_import(db_url, read_holiday_notice(load_structured(HOLIDAYS_2027, InvalidInput)), "测试",
                           HOLIDAYS_2027.name)
    with reading(db_url) as session:
        load_office_calendar(session)
