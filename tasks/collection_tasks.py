"""Prefect tasks for a weekly collection round: thin wrappers over models/collection/steps.py."""
import os
from datetime import datetime

from models.collection import steps
from models.collection.ingest import InboxResult, ingest_inbox
from models.collection.rounds import RoundPlan
from models.queries.campaigns import campaign_ids as all_campaign_ids
from models.settings import Settings
from tasks.lazy_prefect import task


def form_writers() -> int:
    """Processes writing forms at once: every core this machine has."""
    return os.cpu_count() or 1


@task(name="list-campaigns")
def campaign_ids() -> list[str]:
    return all_campaign_ids(Settings().db_url)


@task(name="plan-round")
def plan_round(campaign: str, week: str | None, now: datetime, create: bool = True, force: bool = False) -> RoundPlan:
    return steps.plan_round(Settings().db_url, campaign, week, now, create, force)


@task(name="ask-units")
def ask_units(round_id: int, unit_ids: list[int], now: datetime) -> list[int]:
    """The units asked now (the others had been asked before)."""
    settings = Settings()
    return steps.ask_group(settings.db_url, round_id, unit_ids, settings.evidence_dir, now, form_writers())


@task(name="read-inbox")
def read_inbox(now: datetime) -> InboxResult:
    settings = Settings()
    return ingest_inbox(settings.db_url, settings.inbox, settings.evidence_dir, now)


@task(name="check-units")
def check_units(round_id: int, unit_ids: list[int], now: datetime) -> list[steps.UnitCheck]:
    return steps.check_group(Settings().db_url, round_id, unit_ids, now)


@task(name="write-summary")
def write_summary(round_id: int, now: datetime) -> steps.SummaryFiles | None:
    settings = Settings()
    return steps.write_summary(settings.db_url, round_id, settings.evidence_dir, now)


@task(name="send-summary")
def send_summary(round_id: int, files: steps.SummaryFiles | None, now: datetime) -> str:
    return steps.send_summary(Settings().db_url, round_id, files, now)
