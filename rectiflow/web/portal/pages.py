"""Rendering a portal page: the Jinja2 templates (autoescaped: no user text is ever rendered as markup), with what
every page needs — the person signed in, the CSRF token, the navigation their roles open, Chinese dates."""
from datetime import date, datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from models.domain.chinese_dates import cn_date, cn_datetime
from models.domain.vocabulary import Role
from rectiflow.web.caller import Caller
from rectiflow.web.portal.csrf import csrf_token

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES))


def _cn(value, zone: str = "Asia/Shanghai") -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return cn_datetime(value, zone)
    if isinstance(value, date):
        return cn_date(value)
    return str(value)


templates.env.filters["cn"] = _cn
templates.env.filters["pair"] = lambda text: (text, text)  # a select's option whose value is its text
templates.env.filters["choice"] = lambda labelled: (labelled.value, labelled.label)  # an enum's option


def navigation(who: Caller | None) -> list[tuple[str, str]]:
    """(path, label) of the sections this person can use; the engine still checks every action."""
    if who is None:
        return []
    links = [("/", "我的待办"), ("/items", "整改台账"), ("/approvals", "审批")]
    if who.reader.whole_ledger:
        links += [("/dashboard", "总览"), ("/reports", "报表")]
    if who.reader.whole_ledger:
        links += [("/delegations", "代签授权")]
    if Role.office in who.reader.roles:
        links += [("/meetings/new", "会议审议"), ("/import", "导入台账")]
    return links


def render(request: Request, template: str, who: Caller | None = None, status_code: int = 200,
           **context) -> HTMLResponse:
    zone = request.app.state.rectiflow.settings.timezone
    return templates.TemplateResponse(request, template, {
        "who": who, "nav": navigation(who), "csrf": csrf_token(request), "zone": zone, **context,
    }, status_code=status_code)
