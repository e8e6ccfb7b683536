"""The current time: always aware and in UTC, as it is stored (users see it in the configured time zone)."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"  # where the office is, unless a campaign or the settings say otherwise


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def local_day(moment: datetime, zone: str) -> date:
    """The calendar day a moment falls on where the office is (a delegation or a deadline counts in its days)."""
    return moment.astimezone(ZoneInfo(zone)).date()
