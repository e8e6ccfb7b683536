"""总览: the office's and the leading group's view of a campaign — the report's counts, the lights, what is
overdue, this week's round, the unit ranking and the statistics charts."""
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from models.domain.answers import ANSWER_LABELS
from models.domain.clock import utcnow
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import REPORT_LABELS
from models.queries.items import list_items
from models.queries.round_answers import round_status
from models.reports.overview import chart_png, overview
from rectiflow.web.caller import Caller
from rectiflow.web.portal.oversight import chosen_campaign, overseer
from rectiflow.web.portal.pages import render

router = APIRouter(include_in_schema=False)
CHART_TITLES = {"completion": "各方面整改完成情况", "burndown": "未办结问题周趋势", "ranking": "责任单位按时办结率排名"}


@router.get("/dashboard")
def dashboard(request: Request, campaign: int | None = None, who: Caller = Depends(overseer)):
    campaigns, chosen = chosen_campaign(who, campaign)
    page = {"campaigns": campaigns, "chosen": chosen, "labels": list(REPORT_LABELS.values()),
            "answer_labels": ANSWER_LABELS, "chart_titles": CHART_TITLES}
    if chosen is None:
        return render(request, "dashboard.html", who, **page)
    ref, day = f"#{chosen.id}", who.today()
    try:
        numbers = overview(who.context.db_url, ref, day)
    except InvalidInput as empty:  # a campaign whose ledger is not imported yet: nothing to count
        return render(request, "dashboard.html", who, empty=empty.message, **page)
    overdue = list_items(who.context.db_url, day, campaign=ref, overdue=True).rows
    rounds = round_status(who.context.db_url, ref, None, utcnow())
    return render(request, "dashboard.html", who, numbers=numbers, overdue=overdue,
                  round=rounds[0] if rounds else None, **page)


@router.get("/dashboard/charts/{which}.png")
def chart(which: str, campaign: int, who: Caller = Depends(overseer)):
    png = chart_png(who.context.db_url, f"#{campaign}", who.today(), which)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})
