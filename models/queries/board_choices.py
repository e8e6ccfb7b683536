"""What the ledger board's filters offer: the campaigns, their aspects, and the units that lead items."""
from pydantic import BaseModel
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from models.queries.campaigns import campaign_matches
from models.store.database import read_only
from models.tables.ledger import Aspect, Campaign, Item
from models.tables.organisation import Unit


class BoardChoices(BaseModel):
    campaigns: list[tuple[int, str]]  # (number, title)
    aspects: list[str]  # of the campaign chosen, else of every campaign (titles repeat across campaigns)
    units: list[str]  # units leading at least one item


@read_only
def board_choices(session: Session, campaign: str | None = None) -> BoardChoices:
    aspects = select(Aspect.title).join(Campaign).order_by(Campaign.id, Aspect.position)
    if campaign:
        aspects = aspects.where(campaign_matches(campaign))
    leading = select(Unit.name).where(exists().where(Item.lead_unit_id == Unit.id)).order_by(Unit.name)
    return BoardChoices(campaigns=[tuple(row) for row in session.execute(select(Campaign.id, Campaign.title)
                                                                         .order_by(Campaign.id))],
                        aspects=list(dict.fromkeys(session.scalars(aspects))),
                        units=list(session.scalars(leading)))
