"""The weekly summary for the office and the leading group, as data (rendered to Markdown and .xlsx)."""
from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel


class AspectCounts(BaseModel):
    aspect: str
    counts: dict[str, int]  # report label (已完成整改 …) -> items
    total: int


class TransitionLine(BaseModel):
    at: datetime
    item_id: int
    number: str
    action: str  # Chinese label
    from_state: str
    to_state: str
    actor: str


class ItemLine(BaseModel):
    item_id: int
    number: str
    text: str
    unit: str
    deadline: date | None
    deadline_text: str | None
    state: str  # Chinese label
    days: int  # days left (due soon) or days overdue


class SubProgress(BaseModel):
    unit: str
    text: str
    at: datetime


class ProgressLine(BaseModel):
    item_id: int
    number: str
    text: str
    unit: str
    state: str
    latest: SubProgress | None  # the lead unit's latest entry
    cooperating: list[SubProgress] = []  # each cooperating unit's latest entry, shown under the lead's


class UnitReport(BaseModel):
    unit: str
    status: str  # on_time / late / missing
    status_label: str
    answered_at: datetime | None


class WeeklySummary(BaseModel):
    campaign: str
    week: str
    opened_at: datetime
    due_at: datetime
    generated_at: datetime
    aspects: list[AspectCounts]
    transitions: list[TransitionLine]
    due_soon: list[ItemLine]  # due within 14 days
    overdue: list[ItemLine]
    progress: Iterable[ProgressLine]  # every open item's latest progress: taken once (read as the workbook is written)
    units: list[UnitReport]
