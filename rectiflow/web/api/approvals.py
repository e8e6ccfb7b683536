"""Sign-off: what waits on me (also as a deputy), and deciding — with my password again, or a fresh sign-on."""
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from models.domain.commands import DecisionCommand, DecisionOutcome
from models.domain.refusals import NotYourRole, ReauthRequired
from models.engine.operations import perform_decision
from models.identity.reauth_tokens import read_reauth
from models.identity.signin import reauthenticate
from models.queries.requests import RequestRow, list_requests
from rectiflow.web.api.identity import Caller, caller
from rectiflow.web.api.params import RequestId

router = APIRouter(tags=["审批"])


class DecisionIn(BaseModel):
    decision: Literal["approve", "reject"]
    comment: str | None = Field(None, max_length=2000, description="意见；退回时必填")
    password: str | None = Field(None, max_length=128, description="签署时再次输入的密码")
    reauth_token: str | None = Field(None, max_length=500,
                                     description="单点登录用户：重新登录（max_age=0）后回调返回的 reauth_token")
    on_behalf_of: str | None = Field(None, max_length=100, description="代签：委托人姓名（须有有效授权）")


@router.get("/approvals", response_model=list[RequestRow], summary="审批申请：默认为等我审批的（含代签），最早的在前")
def approvals(who: Annotated[Caller, Depends(caller)], pending: bool = True, mine: bool = True) -> list[RequestRow]:
    if not mine and not who.reader.whole_ledger:
        raise NotYourRole("只有整改办和领导小组可以查看全部审批申请")
    return list_requests(who.context.db_url, pending_only=pending, for_person=who.identity.name if mine else None)


@router.post("/approvals/{request_id}/decision", response_model=DecisionOutcome,
             summary="签署：同意或退回（须再次验证身份：密码，或单点登录的 reauth_token）")
def decide(request_id: RequestId, body: DecisionIn, who: Annotated[Caller, Depends(caller)]) -> DecisionOutcome:
    context = who.context
    if body.password:
        proof = reauthenticate(context.db_url, who.identity, body.password, channel="api",
                               address=who.via.address, zone=context.settings.timezone)
    elif body.reauth_token:
        proof = read_reauth(context.secret, body.reauth_token, who.identity)
    else:
        raise ReauthRequired("签署审批须在签署时再次验证身份：请在请求中提供 password（或单点登录的 reauth_token）")
    command = DecisionCommand(request_id=request_id, decision=body.decision, actor=who.actor, comment=body.comment,
                              on_behalf_of=body.on_behalf_of, proof=proof)
    return perform_decision(context.db_url, command, who.via)


