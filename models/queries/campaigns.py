"""Finding campaigns by what users type: a title, or a number ("3" or "#3")."""
from datetime import date

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models.domain.campaign_facts import CampaignFacts
from models.domain.refs import ref_number
from models.domain.refusals import InvalidInput, NotFound
from models.store.database import read_only
from models.tables.ledger import Campaign, Item


def campaign_matches(ref: str):
    """A SQL condition: the campaign named by its title, or by its number."""
    number = ref_number(ref)
    return or_(Campaign.title == ref, Campaign.id == number)


def find_campaign(session: Session, ref: str) -> Campaign:
    campaign = session.scalars(select(Campaign).where(campaign_matches(ref))).one_or_none()
    if campaign is None:
        raise NotFound(f"没有整改任务「{ref}」")
    return campaign


def the_campaign(session: Session, ref: str | None) -> Campaign:
    """The campaign named, or the only one there is."""
    if ref:
        return find_campaign(session, ref)
    campaigns = session.scalars(select(Campaign).order_by(Campaign.id)).all()
    if len(campaigns) != 1:
        names = "、".join(f"#{c.id} {c.title}" for c in campaigns) or "无"
        raise InvalidInput(f"请用 --campaign 指定整改任务（现有：{names}）")
    return campaigns[0]


@read_only
def campaign_ids(session: Session, ref: str | None = None) -> list[str]:
    """The campaign named (checked), or every campaign, as the numbers flows and deployments take."""
    if ref:
        return [str(find_campaign(session, ref).id)]
    return [str(i) for i in session.scalars(select(Campaign.id).order_by(Campaign.id))]


class CampaignFactsView(BaseModel):
    campaign_id: int
    title: str
    facts: CampaignFacts
    period_end: date | None


@read_only
def campaign_facts(session: Session, ref: str | None) -> CampaignFactsView:
    """What the report will say of the campaign, and (facts.missing()) what it still needs."""
    found = the_campaign(session, ref)
    return CampaignFactsView(campaign_id=found.id, title=found.title, facts=facts_of(found),
                             period_end=found.period_end)


FACT_FIELDS = ("source_type", "inspecting_body", "inspected_body", "inspection_start", "inspection_end",
               "feedback_date", "instruction")


def facts_of(campaign: Campaign) -> CampaignFacts:
    return CampaignFacts(**{field: getattr(campaign, field) for field in FACT_FIELDS})


class CollectionSchedule(BaseModel):
    campaign_id: int
    title: str
    open_cron: str
    due_cron: str
    timezone: str


@read_only
def collection_schedules(session: Session) -> list[CollectionSchedule]:
    """When each campaign's weekly round opens and is due: what `rectiflow serve` schedules."""
    return [CollectionSchedule(campaign_id=c.id, title=c.title, open_cron=c.collect_open_cron,
                               due_cron=c.collect_due_cron, timezone=c.collect_timezone)
            for c in session.scalars(select(Campaign).order_by(Campaign.id))]


class CampaignRow(BaseModel):
    id: int
    title: str
    source_type: str
    items: int
    feedback_date: date | None
    period_end: date | None


@read_only
def list_campaigns(session: Session) -> list[CampaignRow]:
    counts = dict(session.execute(select(Item.campaign_id, func.count()).group_by(Item.campaign_id)).all())
    return [CampaignRow(id=c.id, title=c.title, source_type=c.source_type, items=counts.get(c.id, 0),
                        feedback_date=c.feedback_date, period_end=c.period_end)
            for c in session.scalars(select(Campaign).order_by(Campaign.id))]
