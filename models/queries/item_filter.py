"""What a listing of items is narrowed to — the board's filters, the API's query, the export's selection — as
SQL conditions on Item."""
from datetime import date
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, or_, select

from models.domain.vocabulary import OPEN_STATES, State
from models.queries.campaigns import campaign_matches
from models.tables.ledger import Aspect, Campaign, Item, ItemCooperatingUnit
from models.tables.organisation import Unit

Light = Literal["red", "yellow", "green"]


class ItemFilter(BaseModel):
    """None / False: not narrowed by it."""

    campaign: str | None = None  # a title, or a number
    aspect: str | None = None  # an aspect's title
    unit: str | None = None  # the lead or a cooperating unit
    state: State | None = None
    overdue: bool = False
    light: Light | None = None  # computed (models/queries/lights.py), so not a SQL condition


def item_conditions(wanted: ItemFilter, today: date) -> list[ColumnElement[bool]]:
    conditions = []
    if wanted.campaign:
        conditions.append(Item.campaign_id.in_(select(Campaign.id).where(campaign_matches(wanted.campaign))))
    if wanted.aspect:
        conditions.append(Item.aspect_id.in_(select(Aspect.id).where(Aspect.title == wanted.aspect)))
    if wanted.unit:
        cooperating = select(ItemCooperatingUnit.item_id).join(Unit).where(Unit.name == wanted.unit)
        conditions.append(or_(Item.lead_unit_id.in_(select(Unit.id).where(Unit.name == wanted.unit)),
                              Item.id.in_(cooperating)))
    if wanted.state:
        conditions.append(Item.state == wanted.state.value)
    if wanted.overdue:
        conditions += [Item.deadline < today, Item.state.in_(OPEN_STATES)]
    return conditions
