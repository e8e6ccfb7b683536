"""Prefect task for the reminders: a thin wrapper over models/reminders/send.py."""
from datetime import date, datetime

from models.reminders.plan import ALL
from models.reminders.send import ReminderRun, send_on_working_day
from models.settings import Settings
from tasks.lazy_prefect import task


@task(name="send-reminders")
def send_reminders(day: date, now: datetime, kinds: frozenset[str] = ALL) -> ReminderRun:
    settings = Settings()
    return send_on_working_day(settings.db_url, day, now, settings.timezone,
                               (settings.quiet_start, settings.quiet_end), kinds)
