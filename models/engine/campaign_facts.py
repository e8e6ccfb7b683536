"""Setting what the report says of a campaign (who inspected whom, when, on whose instruction): checked, and
audited with what changed. No message: the office sets them for its own report."""
from datetime import datetime

from models.domain.campaign_facts import SHORT_LABELS, check_facts
from models.domain.clock import utcnow
from models.domain.commands import CampaignFactsCommand, CampaignFactsOutcome
from models.domain.events import CAMPAIGN_FACTS_SET
from models.queries.campaigns import FACT_FIELDS as FIELDS
from models.queries.campaigns import facts_of, find_campaign
from models.store.unit_of_work import UnitOfWork


def set_campaign_facts(uow: UnitOfWork, cmd: CampaignFactsCommand, now: datetime | None = None
                       ) -> CampaignFactsOutcome:
    now = now or utcnow()
    uow.lock_chain()
    campaign = find_campaign(uow.session, cmd.campaign)
    before = facts_of(campaign)
    given = cmd.model_dump(include=set(FIELDS), exclude_none=True)
    given = {field: (value or None) if isinstance(value, str) else value for field, value in given.items()}
    if cmd.clear_inspection_period:
        given.update(inspection_start=None, inspection_end=None)
    after = check_facts(before.model_copy(update=given))
    changed = {field: [getattr(before, field), getattr(after, field)] for field in FIELDS
               if getattr(before, field) != getattr(after, field)}
    for field in changed:
        setattr(campaign, field, getattr(after, field))
    if changed:
        uow.record(at=now, kind=CAMPAIGN_FACTS_SET, actor_id=None, actor_name=cmd.actor, campaign_id=campaign.id,
                   data={"changed": {field: [_plain(v) for v in values] for field, values in changed.items()}})
    return CampaignFactsOutcome(campaign_id=campaign.id, title=campaign.title,
                                changed={field: [_plain(v) for v in values] for field, values in changed.items()},
                                missing=[SHORT_LABELS[f] for f in after.missing()])


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
