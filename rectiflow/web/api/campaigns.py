"""Campaigns (整改任务): what there is to work on."""
from typing import Annotated

from fastapi import APIRouter, Depends

from models.queries.campaigns import CampaignRow, list_campaigns
from rectiflow.web.api.identity import Caller, caller

router = APIRouter(tags=["整改任务"])


@router.get("/campaigns", response_model=list[CampaignRow], summary="整改任务及其问题数")
def campaigns(who: Annotated[Caller, Depends(caller)]) -> list[CampaignRow]:
    return list_campaigns(who.context.db_url)
