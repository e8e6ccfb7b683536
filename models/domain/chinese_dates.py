"""Dates and times as Chinese readers write them: 2026年10月26日, 2026年11月26日 17:00."""
from datetime import date, datetime
from zoneinfo import ZoneInfo


def cn_date(day: date) -> str:
    """2026-10-26 -> 2026年10月26日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: datetime, zone: str) -> str:
    """An aware time, shown in `zone` to the minute: 2026年11月26日 17:00."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{cn_date(local.date())} {local:%H:%M}"
