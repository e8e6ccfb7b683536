"""The current time: always aware and in UTC, as it is stored (users see it in the configured time zone)."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
