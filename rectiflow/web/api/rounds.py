"""The weekly progress round: who was asked, who answered (on time, late), who was chased."""
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from models.domain.clock import utcnow
from models.queries.round_answers import RoundStatus, round_status
from rectiflow.web.api.identity import Caller, caller
from rectiflow.web.api.params import Name

router = APIRouter(tags=["每周报送"])


@router.get("/rounds", response_model=list[RoundStatus], summary="每周进展报送的情况（默认本周）")
def rounds(who: Annotated[Caller, Depends(caller)], campaign: Name = None,
           week: Annotated[str | None, Query(pattern=r"^\d{4}-W\d{2}$", description="如 2026-W48")] = None
           ) -> list[RoundStatus]:
    found = round_status(who.context.db_url, campaign, week, utcnow())
    if who.reader.whole_ledger:
        return found
    return [r.model_copy(update={"units": [u for u in r.units if u.unit == who.reader.unit]}) for r in found]
