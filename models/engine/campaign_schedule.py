"""Setting when a campaign's weekly collection round opens and is due: audited, and the office is told."""
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from models.directory.lookup import Directory
from models.directory.recipients import tell
from models.domain.clock import utcnow
from models.domain.commands import ScheduleCommand, ScheduleOutcome
from models.domain.events import COLLECTION_SCHEDULE_CHANGED
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import Role
from models.domain.weeks import check_cron
from models.queries.campaigns import find_campaign
from models.store.unit_of_work import UnitOfWork


def set_collection_schedule(uow: UnitOfWork, cmd: ScheduleCommand, now: datetime | None = None) -> ScheduleOutcome:
    now = now or utcnow()
    uow.lock_chain()
    campaign = find_campaign(uow.session, cmd.campaign)
    before = {"open": campaign.collect_open_cron, "due": campaign.collect_due_cron, "timezone": campaign.collect_timezone}
    if cmd.open_cron:
        campaign.collect_open_cron = check_cron(cmd.open_cron)
    if cmd.due_cron:
        campaign.collect_due_cron = check_cron(cmd.due_cron)
    if cmd.timezone:
        try:
            ZoneInfo(cmd.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"未知时区「{cmd.timezone}」") from None
        campaign.collect_timezone = cmd.timezone
    after = {"open": campaign.collect_open_cron, "due": campaign.collect_due_cron, "timezone": campaign.collect_timezone}
    outcome = ScheduleOutcome(campaign=campaign.title, open_cron=after["open"], due_cron=after["due"],
                              timezone=after["timezone"], changed=after != before)
    if outcome.changed:
        entry = uow.record(at=now, kind=COLLECTION_SCHEDULE_CHANGED, actor_id=None, actor_name=cmd.actor,
                           campaign_id=campaign.id, data={"before": before, "after": after})
        tell(uow, entry, Directory.of(uow).with_role(Role.office),
             {"campaign": campaign.title, "before": before, "after": after, "actor": cmd.actor,
              "at": now.isoformat()})
    return outcome
