"""Counts per aspect and state, with the labels the progress report uses, and red/yellow/green."""
from collections import Counter, defaultdict
from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.amounts import amount_totals
from models.domain.vocabulary import REPORT_LABELS
from models.queries.campaigns import campaign_matches
from models.queries.lights import lights_for
from models.store.database import read_only
from models.tables.ledger import Aspect, Campaign, Item


class SummaryRow(BaseModel):
    campaign: str
    source_type: str
    aspect: str
    counts: dict[str, int]  # report label -> count
    total: int
    lights: dict[str, int] = {}  # red / yellow / green -> count (with a day given)
    parents: int = 0  # feedback problems (反馈问题) its concrete problems belong to, in a nested ledger
    amounts: dict[str, float] = {}  # 问题金额 / 整改到位金额 totals in 万元, when the ledger has them


@read_only
def summary(session: Session, campaign: str | None = None, today: date | None = None) -> list[SummaryRow]:
    query = (select(Aspect.id, Campaign.title, Campaign.source_type, Aspect.title).join(Campaign)
             .order_by(Campaign.id, Aspect.position))
    if campaign:
        query = query.where(campaign_matches(campaign))
    aspects = session.execute(query).all()
    counts: dict[int, Counter] = defaultdict(Counter)
    money: dict[int, list] = defaultdict(list)
    parents: dict[int, set] = defaultdict(set)
    for row in session.execute(select(Item.aspect_id, Item.state, Item.parent_text, Item.problem_amount,
                                      Item.rectified_amount)):
        counts[row.aspect_id][row.state] += 1
        money[row.aspect_id].append(row)
        if row.parent_text:
            parents[row.aspect_id].add(row.parent_text)
    by_light: dict[int, Counter] = defaultdict(Counter)
    if today is not None:
        items = session.scalars(select(Item)).all()
        aspect_of = {i.id: i.aspect_id for i in items}
        for item_id, colour in lights_for(session, items, today).items():
            if colour:
                by_light[aspect_of[item_id]][colour.value] += 1
    return [SummaryRow(campaign=c, source_type=source, aspect=a,
                       counts={REPORT_LABELS[s]: counts[aid][s.value] for s in REPORT_LABELS},
                       total=sum(counts[aid].values()), lights=dict(by_light[aid]), parents=len(parents[aid]),
                       amounts=amount_totals(money[aid])) for aid, c, source, a in aspects]
