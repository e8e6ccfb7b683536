"""The dashboard's numbers for one campaign on one day, taken from the report and the statistics themselves (so
the office never sees two different totals): counts per aspect and state with the report's labels, the totals
sentence, red / yellow / green, the monthly unit ranking and the weekly trend."""
from collections import Counter
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.refusals import NotFound
from models.queries.campaigns import the_campaign
from models.queries.lights import lights_for
from models.reports.model import AspectStats, BurndownPoint, RankingRow
from models.reports.progress import build_progress_report
from models.reports.statistics import build_statistics
from models.store.database import read_only
from models.store.kept_answers import unchanged_since_built
from models.tables.ledger import Item

LIGHTS = ("red", "yellow", "green")
CHARTS = ("completion", "burndown", "ranking")


class Overview(BaseModel):
    campaign: str
    as_of: date
    counts: dict[str, int]  # report label -> items, as the progress report counts them
    total: int
    totals_sentence: str  # the report's own sentence
    aspects: list[AspectStats]
    lights: dict[str, int]  # red / yellow / green -> items (closed items have none)
    month: str  # the ranking's month
    ranking: list[RankingRow]
    burndown: list[BurndownPoint]
    trend_drawn: bool  # the weekly trend chart exists (two weeks at least)


@read_only
def overview(session: Session, campaign: str, day: date) -> Overview:
    """InvalidInput (in Chinese) when the campaign has no ledger yet, as the report itself refuses."""
    return unchanged_since_built(session, ("overview", campaign, day), lambda: _overview(session, campaign, day))


def _statistics(session: Session, campaign: str, day: date):
    return unchanged_since_built(session, ("statistics", campaign, day),
                                 lambda: build_statistics(session, the_campaign(session, campaign), day))


def _overview(session: Session, campaign: str, day: date) -> Overview:
    from models.reports.charts import MIN_TREND_POINTS

    found = the_campaign(session, campaign)
    report = build_progress_report(session, found, day)
    numbers = _statistics(session, campaign, day)
    items = session.scalars(select(Item).where(Item.campaign_id == found.id)).all()
    lit = Counter(colour.value for colour in lights_for(session, items, day).values() if colour)
    return Overview(campaign=found.title, as_of=day, counts=report.counts, total=report.total,
                    totals_sentence=report.totals_sentence, aspects=numbers.aspects,
                    lights={colour: lit[colour] for colour in LIGHTS}, month=numbers.month, ranking=numbers.ranking,
                    burndown=numbers.burndown, trend_drawn=len(numbers.burndown) >= MIN_TREND_POINTS)


@read_only
def chart_png(session: Session, campaign: str, day: date, which: str) -> bytes:
    """One of the statistics charts the report's annex carries, as PNG bytes."""
    from models.reports import charts

    if which not in CHARTS:
        raise NotFound(f"没有统计图「{which}」")
    numbers = _statistics(session, campaign, day)
    draw = {"completion": lambda path: charts.completion_by_aspect(numbers.aspects, path),
            "burndown": lambda path: charts.burndown(numbers.burndown, path),
            "ranking": lambda path: charts.unit_ranking(numbers.ranking, path)}[which]
    with TemporaryDirectory(prefix="rectiflow-chart-") as folder:
        return draw(Path(folder) / f"{which}.png").read_bytes()
