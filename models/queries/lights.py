"""Red / yellow / green (红黄绿灯): one definition used by lists, summaries, reports and reminders.

red: overdue, or a sign-off request stalled (pending beyond the office escalation threshold);
yellow: due within the yellow window (working days), or the lead unit missed the latest weekly report;
green: on track. Closed items have no light."""
from collections import defaultdict
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.tables.approvals import waiting_for
from models.tables.collection import MISSING, CollectionRound
from models.tables.ledger import Campaign, Item
from models.domain.reminder_policy import ReminderPolicy
from models.domain.vocabulary import State
from models.domain.working_days import working_days_after

OPEN = (State.assigned.value, State.in_progress.value, State.long_term.value)


class Light(StrEnum):
    red = "red"
    yellow = "yellow"
    green = "green"

    @property
    def label(self) -> str:
        return {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}[self.value]


def light(item: Item, day: date, policy: ReminderPolicy, pending_ages: list[int], report_missing: bool) -> Light | None:
    if item.state == State.closed.value:
        return None
    open_with_deadline = item.state in OPEN and item.deadline is not None
    if (open_with_deadline and item.deadline < day) or any(age > policy.approval_office_after for age in pending_ages):
        return Light.red
    if (open_with_deadline and working_days_after(day, item.deadline) <= policy.yellow_within) or report_missing:
        return Light.yellow
    return Light.green


def missing_reporters(session: Session, campaign: Campaign, day: date) -> set[int]:
    """Units that did not answer the campaign's latest closed weekly round."""
    from models.collection.rounds import answers

    latest = session.scalars(select(CollectionRound).where(CollectionRound.campaign_id == campaign.id,
                                                           CollectionRound.closed_at.is_not(None))
                             .order_by(CollectionRound.due_at.desc()).limit(1)).first()
    if latest is None:
        return set()
    return {unit for unit, (status, _) in answers(session, latest, latest.closed_at).items() if status == MISSING}


def pending_ages(session: Session, item_ids: list[int], day: date, zone: str) -> dict[int, list[int]]:
    ages: dict[int, list[int]] = defaultdict(list)
    for item_id, _, requested_at in waiting_for(session, item_ids):
        ages[item_id].append(working_days_after(requested_at.astimezone(ZoneInfo(zone)).date(), day))
    return ages


def lights_for(session: Session, items: list[Item], day: date) -> dict[int, Light | None]:
    result: dict[int, Light | None] = {}
    by_campaign: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_campaign[item.campaign_id].append(item)
    for campaign_items in by_campaign.values():
        campaign = campaign_items[0].campaign
        policy = campaign.reminders
        missing = missing_reporters(session, campaign, day)
        ages = pending_ages(session, [i.id for i in campaign_items], day, campaign.collect_timezone)
        for item in campaign_items:
            result[item.id] = light(item, day, policy, ages.get(item.id, []), item.lead_unit_id in missing)
    return result
