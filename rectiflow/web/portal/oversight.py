"""What the office's and the leading group's pages share: who may open them, which campaign they show, the day."""
from datetime import date

from fastapi import Depends

from models.domain.deadlines import in_window, parse_day
from models.domain.refusals import NotFound, NotYourRole
from models.domain.vocabulary import Role
from models.queries.campaigns import CampaignRow, list_campaigns
from rectiflow.web.caller import Caller
from rectiflow.web.portal.session import signed_in


def overseer(who: Caller = Depends(signed_in)) -> Caller:
    """The office and the leading group (who read the whole ledger); a unit's people are refused."""
    if not who.reader.whole_ledger:
        raise NotYourRole("此页面仅供整改办和领导小组使用")
    return who


def office(who: Caller = Depends(signed_in)) -> Caller:
    if Role.office not in who.reader.roles:
        raise NotYourRole("此页面仅供整改办使用")
    return who


def as_of_day(who: Caller, text: str | None) -> date:
    """The day a person typed (a date field sends 2026-11-23; 2026年11月23日 is read too); today when empty."""
    return in_window(parse_day(text.strip(), "截至日期"), "截至日期") if text and text.strip() else who.today()


def chosen_campaign(who: Caller, wanted: int | None) -> tuple[list[CampaignRow], CampaignRow | None]:
    """Every campaign (for the select), and the one asked for — by default the newest; None when there is none."""
    campaigns = list_campaigns(who.context.db_url)
    if wanted is None:
        return campaigns, campaigns[-1] if campaigns else None
    found = next((c for c in campaigns if c.id == wanted), None)
    if found is None:
        raise NotFound(f"没有整改任务 #{wanted}")
    return campaigns, found
