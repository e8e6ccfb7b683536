"""Prefect task for the reminders: a thin wrapper over models.reminders.plan."""
from datetime import date, datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from models.reminders import plan as reminders
from models.store.database import unit_of_work
from models.settings import Settings


@task(name="send-reminders", cache_policy=NO_CACHE)
def send_reminders(day: date, now: datetime, kinds: frozenset[str] = reminders.ALL) -> int:
    settings = Settings()
    with unit_of_work(settings.db_url) as session:
        return reminders.send(session, day, now, settings.timezone, (settings.quiet_start, settings.quiet_end),
                              kinds)
