from datetime import datetime, timezone

import pytest

from models.domain.refusals import InvalidInput
from models.domain.weeks import current_week, round_window


def test_default_round_opens_monday_nine_and_is_due_thursday_five_shanghai_time():
    opens, due = round_window("2026-W48", "0 9 * * 1", "0 17 * * 4", "Asia/Shanghai")
    assert opens == datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
    assert due == datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


def test_week_is_taken_in_the_campaigns_time_zone():
    sunday_night_utc = datetime(2026, 11, 29, 17, 0, tzinfo=timezone.utc)  # Monday 01:00 in Shanghai
    assert current_week(sunday_night_utc, "Asia/Shanghai") == "2026-W49"
    assert current_week(sunday_night_utc, "UTC") == "2026-W48"


@pytest.mark.parametrize("week", ["2026-48", "2026-W54", "W48"])
def test_bad_week_is_refused(week):
    with pytest.raises(InvalidInput, match="周次"):
        round_window(week, "0 9 * * 1", "0 17 * * 4", "Asia/Shanghai")


def test_bad_cron_is_refused():
    with pytest.raises(InvalidInput, match="定时表达式"):
        round_window("2026-W48", "0 25 * * 1", "0 17 * * 4", "Asia/Shanghai")
