"""Flows: the daily reminders (催办督办) and the follow-up checks (回头看) — on working days of the official
calendar only."""
from datetime import date, datetime

import flows.runtime  # noqa: F401  (Prefect settings first)
from prefect import flow, get_run_logger

from models.tables.base import utcnow
from models.reminders.plan import DAILY, FOLLOW_UP
from models.domain.working_days import is_working_day
from models.settings import Settings
from tasks.reminder_tasks import send_reminders


def _on_working_day(kinds: frozenset[str], day: date | None, now: datetime | None) -> int:
    now = now or utcnow()
    day = day or now.astimezone(Settings().zone).date()
    if not is_working_day(day):
        get_run_logger().info("%s is not a working day: no reminders", day)
        return 0
    return send_reminders(day, now, kinds)


@flow(name="daily-reminders", flow_run_name="reminders-{day}")
def daily_reminders_flow(day: date | None = None, now: datetime | None = None) -> int:
    """Due soon, overdue (escalating), stage targets, approvals waiting: one message per person."""
    return _on_working_day(DAILY, day, now)


@flow(name="followup-checks", flow_run_name="followup-{day}")
def followup_checks_flow(day: date | None = None, now: datetime | None = None) -> int:
    """回头看: closed items whose 3- or 6-month follow-up is due and not yet confirmed."""
    return _on_working_day(FOLLOW_UP, day, now)
