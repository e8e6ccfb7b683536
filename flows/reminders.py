"""Flow: the daily reminders (催办督办) — on working days of the official calendar only."""
from datetime import date, datetime

import flows.runtime  # noqa: F401  (Prefect settings first)
from prefect import flow, get_run_logger

from models.base import utcnow
from models.working_days import is_working_day
from rectiflow.settings import Settings
from tasks.reminder_tasks import send_reminders


@flow(name="daily-reminders", flow_run_name="reminders-{day}")
def daily_reminders_flow(day: date | None = None, now: datetime | None = None) -> int:
    now = now or utcnow()
    day = day or now.astimezone(Settings().zone).date()
    if not is_working_day(day):
        get_run_logger().info("%s is not a working day: no reminders", day)
        return 0
    return send_reminders(day, now)
