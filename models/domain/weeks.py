"""ISO weeks and when a campaign's collection round opens and is due (cron expressions in a time zone)."""
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError

from models.domain.refusals import InvalidInput

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    match = WEEK.match(week or "")
    if not match:
        raise InvalidInput(f"周次「{week}」格式应为 2026-W48")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise InvalidInput(f"不存在的周次「{week}」") from None


def check_cron(expression: str) -> str:
    try:
        CronSim(expression, datetime(2026, 1, 1))
    except CronSimError as exc:
        raise InvalidInput(f"定时表达式「{expression}」无效：{exc}") from None
    return expression


def first_fire(expression: str, zone: str, not_before: datetime) -> datetime:
    """The first time the cron fires at or after `not_before`, as an aware UTC datetime."""
    local = not_before.astimezone(ZoneInfo(zone)).replace(tzinfo=None) - timedelta(seconds=1)
    fire = next(CronSim(check_cron(expression), local))
    return fire.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def round_window(week: str, open_cron: str, due_cron: str, zone: str) -> tuple[datetime, datetime]:
    """When the week's round opens (first open-cron fire in that week) and is due (first due-cron fire after)."""
    monday = datetime.combine(week_monday(week), datetime.min.time(), ZoneInfo(zone))
    opens = first_fire(open_cron, zone, monday)
    return opens, first_fire(due_cron, zone, opens)


def current_week(now: datetime, zone: str) -> str:
    return iso_week(now.astimezone(ZoneInfo(zone)).date())
