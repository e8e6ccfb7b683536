"""Flows for the weekly collection round: one flow run per round, a task run per group of units.

Units are grouped (UNITS_PER_TASK) because a province has thousands of them, and a burst of thousands of
task runs is what a Prefect server records slowest; each unit is still asked and checked once, recorded
in the database, so a retried group skips the units already done."""
from datetime import datetime

from pydantic import BaseModel

from flows.runtime import call, call_beside, call_each
from models.domain.clock import utcnow
from models.domain.weeks import current_week
from models.settings import Settings
from tasks import collection_tasks
from tasks.lazy_prefect import flow


class RoundReport(BaseModel):
    round_id: int
    campaign: str
    week: str
    asked: list[str] = []  # units asked by this run (others were asked before)
    answered: dict[str, str] = {}  # unit -> on_time / late / missing
    chased: list[str] = []
    inbox: dict[str, list[str]] = {}
    summary: str | None = None


UNITS_PER_TASK = 100
GROUPS_AT_ONCE = 2  # one group's forms written while another group is read and recorded


def unit_groups(units: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    return [units[start:start + UNITS_PER_TASK] for start in range(0, len(units), UNITS_PER_TASK)]


def round_run_name(step: str):
    """The Prefect UI's name for a round's run, with its week even when the schedule passed none:
    "open-3-2026-W48", "close-all-2026-W48" (not "open-all-None")."""
    def name() -> str:
        from prefect.runtime import flow_run

        parameters = flow_run.parameters
        now = parameters.get("now") or utcnow()
        now = datetime.fromisoformat(now) if isinstance(now, str) else now
        week = parameters.get("week") or current_week(now, Settings().timezone)
        return f"{step}-{parameters.get('campaign') or 'all'}-{week}"

    return name


def group_run_name(step: str, group: list[tuple[int, str]]) -> str:
    """e.g. "ask-办公室…财务处": the first and last unit of the group, as the Prefect UI shows the task run."""
    return f"{step}-{group[0][1]}" + (f"…{group[-1][1]}" if len(group) > 1 else "")


@flow(name="collection-open", flow_run_name=round_run_name("open"))
def open_round_flow(campaign: str, week: str | None = None, now: datetime | None = None) -> RoundReport:
    now = now or utcnow()
    plan = call(collection_tasks.plan_round, campaign, week, now)
    report = RoundReport(round_id=plan.round_id, campaign=plan.campaign, week=plan.week)
    groups = unit_groups(plan.units)
    asked = call_each(collection_tasks.ask_units, [((plan.round_id, [u for u, _ in group], now),
                                                    group_run_name("ask", group)) for group in groups], GROUPS_AT_ONCE)
    for group, asked_now in zip(groups, asked):
        report.asked += [unit for unit_id, unit in group if unit_id in asked_now]
    return report


@flow(name="collection-close", flow_run_name=round_run_name("close"))
def close_round_flow(campaign: str, week: str | None = None, now: datetime | None = None,
                     force: bool = False) -> RoundReport:
    """Refused before the round's due time unless `force` (closing chases every unit that has not answered)."""
    now = now or utcnow()
    plan = call(collection_tasks.plan_round, campaign, week, now, create=False, force=force)
    report = RoundReport(round_id=plan.round_id, campaign=plan.campaign, week=plan.week)
    inbox = call(collection_tasks.read_inbox, now)
    report.inbox = {"accepted": inbox.accepted, "refused": list(inbox.refused)}
    # the summary is written while the units are checked (it reads nothing chasing writes), and sent after them
    summary = call_beside(collection_tasks.write_summary, plan.round_id, now)
    for group in unit_groups(plan.units):
        for checked in call(collection_tasks.check_units, plan.round_id, [u for u, _ in group], now,
                            name=group_run_name("check", group)):
            report.answered[checked.unit] = checked.status
            if checked.chased:
                report.chased.append(checked.unit)
    report.summary = call(collection_tasks.send_summary, plan.round_id, summary.result(), now)
    return report


@flow(name="collection-open-all", flow_run_name=round_run_name("open"))
def open_all_rounds_flow(week: str | None = None, now: datetime | None = None) -> list[RoundReport]:
    """Every campaign's round, each as its own (sub)flow run: the static deployment of deploy/prefect.yaml."""
    now = now or utcnow()
    return [call(open_round_flow, campaign, week, now) for campaign in call(collection_tasks.campaign_ids)]


@flow(name="collection-close-all", flow_run_name=round_run_name("close"))
def close_all_rounds_flow(week: str | None = None, now: datetime | None = None) -> list[RoundReport]:
    now = now or utcnow()
    return [call(close_round_flow, campaign, week, now) for campaign in call(collection_tasks.campaign_ids)]
