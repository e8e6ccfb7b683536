"""Red / yellow / green: the one rule, on plain values (no database)."""
from datetime import date

import pytest

from models.domain.lights import Light, light
from models.domain.reminder_policy import ReminderPolicy

POLICY = ReminderPolicy()
MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize("state,deadline,ages,missing,expected", [
    ("closed", date(2026, 1, 1), [99], True, None),  # closed items have no light, whatever else is true
    ("in_progress", date(2026, 11, 20), [], False, Light.red),  # overdue
    ("in_progress", None, [POLICY.approval_office_after + 1], False, Light.red),  # a sign-off stalled
    ("verified", date(2026, 11, 20), [], False, Light.green),  # verified: its deadline no longer runs
    ("assigned", date(2026, 11, 30), [], False, Light.yellow),  # due within the yellow window
    ("long_term", date(2027, 6, 30), [], True, Light.yellow),  # the unit missed the latest weekly report
    ("in_progress", date(2027, 6, 30), [POLICY.approval_office_after], False, Light.green),  # on track
])
def test_light_of_an_item(state, deadline, ages, missing, expected):
    assert light(state, deadline, MONDAY, POLICY, ages, missing) is expected


def test_yellow_window_counts_working_days_not_calendar_days():
    # 2026-10-01..07 is the National Day holiday: from 30 September, 9 October is only a few working days away
    assert light("in_progress", date(2026, 10, 9), date(2026, 9, 30), POLICY, [], False) is Light.yellow
    assert light("in_progress", date(2026, 10, 19), date(2026, 9, 30), POLICY, [], False) is Light.green
