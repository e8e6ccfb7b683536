"""The project's scheduled deployments, served on one machine by `rectiflow serve` (Prefect's serve)."""
from datetime import timedelta

from models.queries.campaigns import collection_schedules
from models.settings import Settings

PUBLISH_PENDING_EVERY = timedelta(hours=1)  # an overview for the office: the portal shows requests live


def deployments(db_url: str) -> list:
    """Per campaign: open its weekly round and close it at the due time (its own cron and time zone);
    the daily reminders and the weekly follow-up checks; publish the pending sign-offs (nobody decides through
    Prefect: the portal and the API are where people sign). The outbox is not a deployment: it is delivered by a
    loop in the serving process (notifications/loop.py), so an idle installation starts no process a minute."""
    from prefect.schedules import Cron, Interval

    import flows.runtime  # noqa: F401
    from flows.collection import close_round_flow, open_round_flow
    from flows.reminders import daily_reminders_flow, followup_checks_flow
    from flows.signoff import publish_pending_flow

    result = []
    for c in collection_schedules(db_url):
        result.append(open_round_flow.to_deployment(
            name=f"collection-open-{c.campaign_id}", schedule=Cron(c.open_cron, timezone=c.timezone),
            parameters={"campaign": str(c.campaign_id)}, description=f"《{c.title}》每周开启整改进展报送"))
        result.append(close_round_flow.to_deployment(
            name=f"collection-close-{c.campaign_id}", schedule=Cron(c.due_cron, timezone=c.timezone),
            parameters={"campaign": str(c.campaign_id)}, description=f"《{c.title}》报送截止：催报并发送周汇总"))
    settings = Settings()
    result.append(daily_reminders_flow.to_deployment(
        name="daily-reminders", schedule=Cron(settings.remind_cron, timezone=settings.timezone),
        description="每日催办提醒（仅工作日，按国家法定节假日和调休）"))
    result.append(followup_checks_flow.to_deployment(
        name="followup-checks", schedule=Cron(settings.followup_cron, timezone=settings.timezone),
        description="回头看：销号满 3 个月、6 个月的事项提醒确认问题未反弹"))
    result.append(publish_pending_flow.to_deployment(
        name="publish-pending-signoffs", schedule=Interval(PUBLISH_PENDING_EVERY),
        description="在 Artifacts → pending-signoffs 公布待审批申请"))
    return result


def serve(db_url: str) -> None:
    """The deployments, and beside them the outbox dispatch loop."""
    from dataclasses import replace

    from prefect import serve as prefect_serve

    from notifications.config import dispatch_config
    from notifications.loop import start_dispatch_loop

    settings = Settings()
    start_dispatch_loop(replace(dispatch_config(settings), db_url=db_url), settings.notify_poll_seconds)
    prefect_serve(*deployments(db_url))
