"""Flows for the weekly collection round: one flow run per round, a task run per unit."""
from datetime import datetime

import flows.runtime  # noqa: F401  (Prefect settings first)
from prefect import flow
from pydantic import BaseModel

from models.base import utcnow
from tasks import collection_tasks


class RoundReport(BaseModel):
    round_id: int
    campaign: str
    week: str
    asked: list[str] = []  # units asked by this run (others were asked before)
    answered: dict[str, str] = {}  # unit -> on_time / late / missing
    chased: list[str] = []
    inbox: dict[str, list[str]] = {}
    summary: str | None = None


@flow(name="collection-open", flow_run_name="open-{campaign}-{week}")
def open_round_flow(campaign: str, week: str | None = None, now: datetime | None = None) -> RoundReport:
    now = now or utcnow()
    plan = collection_tasks.plan_round(campaign, week, now)
    report = RoundReport(round_id=plan.round_id, campaign=plan.campaign, week=plan.week)
    for unit_id, unit in plan.units:
        if collection_tasks.ask_unit.with_options(task_run_name=f"ask-{unit}")(plan.round_id, unit_id, now):
            report.asked.append(unit)
    return report


@flow(name="collection-close", flow_run_name="close-{campaign}-{week}")
def close_round_flow(campaign: str, week: str | None = None, now: datetime | None = None) -> RoundReport:
    now = now or utcnow()
    plan = collection_tasks.plan_round(campaign, week, now, create=False)
    report = RoundReport(round_id=plan.round_id, campaign=plan.campaign, week=plan.week)
    inbox = collection_tasks.read_inbox(now)
    report.inbox = {"accepted": inbox.accepted, "refused": list(inbox.refused)}
    for unit_id, unit in plan.units:
        checked = collection_tasks.check_unit.with_options(task_run_name=f"check-{unit}")(plan.round_id, unit_id, now)
        report.answered[unit] = checked.status
        if checked.chased:
            report.chased.append(unit)
    report.summary = collection_tasks.send_summary(plan.round_id, now)
    return report


@flow(name="collection-open-all", flow_run_name="open-all-{week}")
def open_all_rounds_flow(week: str | None = None, now: datetime | None = None) -> list[RoundReport]:
    """Every campaign's round, each as its own (sub)flow run: the static deployment of deploy/prefect.yaml."""
    now = now or utcnow()
    return [open_round_flow(campaign, week, now) for campaign in collection_tasks.campaign_ids()]


@flow(name="collection-close-all", flow_run_name="close-all-{week}")
def close_all_rounds_flow(week: str | None = None, now: datetime | None = None) -> list[RoundReport]:
    now = now or utcnow()
    return [close_round_flow(campaign, week, now) for campaign in collection_tasks.campaign_ids()]
