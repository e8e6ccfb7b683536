"""An item's audit log: every change, who made it, through which door, chained by hash."""
from typing import Annotated

from fastapi import APIRouter, Depends

from models.queries.audit_log import AuditRow, audit_log
from models.queries.readers import check_may_read_item
from rectiflow.web.api.identity import Caller, caller
from rectiflow.web.api.params import ItemId

router = APIRouter(tags=["审计"])


@router.get("/items/{item_id}/audit", response_model=list[AuditRow], summary="事项的审计记录（按链上顺序）")
def item_audit(item_id: ItemId, who: Annotated[Caller, Depends(caller)]) -> list[AuditRow]:
    check_may_read_item(who.context.db_url, who.reader, item_id)
    return audit_log(who.context.db_url, item_id=item_id)
