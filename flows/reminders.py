"""Flows: the daily reminders (催办督办) and the follow-up checks (回头看) — on working days of the official
calendar only."""
import logging
from datetime import date, datetime

from flows.runtime import call
from models.domain.clock import utcnow
from models.domain.working_days import CalendarUnknown
from models.reminders.plan import DAILY, FOLLOW_UP
from models.settings import Settings
from tasks.lazy_prefect import flow
from tasks.reminder_tasks import send_reminders

logger = logging.getLogger(__name__)


def _send(kinds: frozenset[str], day: date | None, now: datetime | None) -> int:
    now = now or utcnow()
    run = call(send_reminders, day or now.astimezone(Settings().zone).date(), now, kinds)
    if not run.working_day:
        logger.info("%s is not a working day: no reminders", run.day)
    if run.unknown_years:  # the others were sent; the run fails so that the office sees what to do
        raise CalendarUnknown(run.unknown_years[0])
    return run.reminders


@flow(name="daily-reminders", flow_run_name="reminders-{day}")
def daily_reminders_flow(day: date | None = None, now: datetime | None = None) -> int:
    """Due soon, overdue (escalating), stage targets, approvals waiting: one message per person."""
    return _send(DAILY, day, now)


@flow(name="followup-checks", flow_run_name="followup-{day}")
def followup_checks_flow(day: date | None = None, now: datetime | None = None) -> int:
    """回头看: closed items whose 3- or 6-month follow-up is due and not yet confirmed."""
    return _send(FOLLOW_UP, day, now)
