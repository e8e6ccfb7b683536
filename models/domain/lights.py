"""Red / yellow / green (红黄绿灯): the one rule, used by lists, summaries, reports and reminders.

red: overdue, or a sign-off request stalled (pending beyond the office escalation threshold);
yellow: due within the yellow window (working days), or the lead unit missed the latest weekly report;
green: on track. Closed items have no light."""
from datetime import date
from enum import StrEnum

from models.domain.reminder_policy import ReminderPolicy
from models.domain.vocabulary import OPEN_STATES, State
from models.domain.working_days import working_days_after


class Light(StrEnum):
    red = "red"
    yellow = "yellow"
    green = "green"

    @property
    def label(self) -> str:
        return {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}[self.value]


def light(state: str, deadline: date | None, day: date, policy: ReminderPolicy, pending_ages: list[int],
          report_missing: bool) -> Light | None:
    if state == State.closed:
        return None
    open_with_deadline = state in OPEN_STATES and deadline is not None
    if (open_with_deadline and deadline < day) or any(age > policy.approval_office_after for age in pending_ages):
        return Light.red
    if report_missing or (open_with_deadline and
                          working_days_after(day, deadline, at_most=policy.yellow_within) <= policy.yellow_within):
        return Light.yellow
    return Light.green
