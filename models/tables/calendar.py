"""A year of the official holiday calendar as the office typed it from the State Council's notice, for a year the
`chinesecalendar` package does not know yet (models/domain/working_days.py)."""
from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.tables.base import Base


class HolidayYear(Base):
    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    holidays: Mapped[dict] = mapped_column(JSON)  # "2027-01-01" -> "元旦": the days off (放假)
    workdays: Mapped[list[str]] = mapped_column(JSON)  # the weekend days worked instead (调休上班)
    source_file: Mapped[str | None] = mapped_column(String(300))
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column()
