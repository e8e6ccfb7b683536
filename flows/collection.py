"""Flows for the weekly collection round: one flow run per round, a task run per group of units.

Units are grouped (UNITS_PER_TASK) because a province has thousands of them, and a burst of thousands of
task runs is what a Prefect server records slowest; each unit is still asked and checked once, recorded
in the database, so a retried group skips the units already done."""
from datetime import datetime

from prefect import flow
from pydantic import BaseModel

import flows.runtime  # noqa: F401  (Prefect settings first)
from models.domain.clock import utcnow
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


UNITS_PER_TASK = 25


def unit_groups(units: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    return [units[start:start + UNITS_PER_TASK] for start in range(0, len(units), UNITS_PER_TASK)]


def group_run_name(step: str, group: list[tuple[int, str]]) -> str:
    """e.g. "ask-办公室…财务处": the first and last unit of the group, as the Prefect UI shows the task run."""
    return f"{step}-{group[0][1]}" + (f"…{group[-1][1]}" if len(group) > 1 else "")


@flow(name="collection-open", flow_run_name="open-{campaign}-{week}")
def open_round_flow(campaign: str, week: str | None = None, now: datetime | None = None) -> RoundReport:
    now = now or utcnow()
    plan = collection_tasks.plan_round(campaign, week, now)
    report = RoundReport(round_id=plan.round_id, campaign=plan.campaign, week=plan.week)
    for group in unit_groups(plan.units):
        asked = collection_tasks.ask_units.with_options(task_run_name=group_run_name("ask", group))(
            plan.round_id, [u for u, _ in group], now)
        report.asked += [unit for unit_id, unit in group if unit_id in asked]
    return report


@flow(name="collection-close", flow_run_name="close-{campaign}-{week}")
def close_round_flow(campaign: str, week: str | None = None, now: datetime | None = None,
                     force: bool = False) -> RoundReport:
    """Refused before the round's due time unless `force` (closing chases every unit that has not answered)."""
    now = now or utcnow()
    plan = collection_tasks.plan_round(campaign, week, now, create=False, force=force)
    report = RoundReport(round_id=plan.round_id, campaign=plan.campaign, week=plan.week)
    inbox = collection_tasks.read_inbox(now)
    report.inbox = {"accepted": inbox.accepted, "refused": list(inbox.refused)}
    for group in unit_groups(plan.units):
        for checked in collection_tasks.check_units.with_options(task_run_name=group_run_name("check", group))(
                plan.round_id, [u for u, _ in group], now):
            report.answered[checked.unit] = checked.status
            if checked.chased:
                report.chased.append(checked.unit)
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
