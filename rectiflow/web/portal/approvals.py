"""审批: the requests waiting on me (also as a deputy), one request whole, and signing it — with my password again,
or a single sign-on made again just now — through the same engine operation as the API."""
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from models.domain.clock import utcnow
from models.domain.commands import DecisionCommand, DecisionOutcome
from models.domain.refusals import NotYourRole, ReauthRequired, Refused
from models.domain.waiting import waited
from models.engine.operations import perform_decision
from models.identity.signin import reauthenticate
from models.queries.items import item_detail
from models.queries.readers import check_may_read_item
from models.queries.request_page import request_page
from models.queries.requests import RequestRow, request_ids, request_rows
from rectiflow.web.api.params import RequestId
from rectiflow.web.api.problems import status_of
from rectiflow.web.caller import Caller
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in
from rectiflow.web.portal.sso import REAUTH, fresh_reauth

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
NOTICE = "approvals_notice"


@router.get("/approvals")
def inbox(request: Request, who: Caller = Depends(signed_in),
          view: Literal["mine", "all"] = "mine", state: Literal["pending", "decided"] = "pending",
          page: Annotated[int, Query(ge=1, le=100_000)] = 1):
    if view == "all" and not who.reader.whole_ledger:
        raise NotYourRole("只有整改办和领导小组可以查看全部审批申请")
    db_url = who.context.db_url
    if view == "mine":
        ids = request_ids(db_url, for_person=who.actor, today=who.today())
    else:
        ids = request_ids(db_url, pending_only=state == "pending", decided_only=state == "decided")
    rows = request_rows(db_url, ids[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])  # only the page is read whole
    now = utcnow()
    return render(request, "approvals.html", who, view=view, state=state, page=page, total=len(ids),
                  pages=max(1, -(-len(ids) // PAGE_SIZE)), rows=rows,
                  waited={r.id: waited(r.requested_at, now) for r in rows if r.status == "pending"})


@router.get("/approvals/{request_id}")
def request_view(request: Request, request_id: RequestId, who: Caller = Depends(signed_in)):
    return _page(request, request_id, who)


@router.post("/approvals/{request_id}/decision", dependencies=[Depends(check_csrf)])
def sign(request: Request, request_id: RequestId, who: Caller = Depends(signed_in),
         decision: Annotated[Literal["approve", "reject"], Form()] = "approve",
         comment: Annotated[str, Form(max_length=2000)] = "",
         password: Annotated[str, Form(max_length=128)] = "",
         on_behalf_of: Annotated[str, Form(max_length=100)] = ""):
    context = who.context
    try:
        if password:
            proof = reauthenticate(context.db_url, who.identity, password, channel="web", address=who.via.address,
                                   zone=context.settings.timezone)
        else:
            proof = fresh_reauth(request, who)
            if proof is None:
                raise ReauthRequired("签署审批须再次验证身份：请输入登录密码（单点登录用户请先点击“重新验证身份”）")
        outcome = perform_decision(context.db_url, DecisionCommand(
            request_id=request_id, decision=decision, actor=who.actor, comment=comment.strip() or None,
            on_behalf_of=on_behalf_of or None, proof=proof), who.via)
    except Refused as refused:
        return _page(request, request_id, who, status_code=status_of(refused), error=refused.message,
                     form={"decision": decision, "comment": comment, "on_behalf_of": on_behalf_of})
    request.session[NOTICE] = _told(outcome)
    return RedirectResponse(f"/approvals/{request_id}", status_code=303)


def _told(outcome: DecisionOutcome) -> str:
    if outcome.fired:
        fired = outcome.fired
        return (f"审批申请 #{outcome.request_id} 已批准：事项 #{fired.item_id} "
                f"{fired.from_state.label} → {fired.to_state.label}")
    if outcome.status == "rejected":
        return f"审批申请 #{outcome.request_id} 已退回，理由已通知申请人和责任单位"
    return f"已签署，审批申请 #{outcome.request_id} 仍待其他人审批"


def _page(request: Request, request_id: int, who: Caller, status_code: int = 200, **extra):
    db_url = who.context.db_url
    page = request_page(db_url, request_id, who.identity.person_id, who.today())
    if not page.involved:
        check_may_read_item(db_url, who.reader, page.request.item_id)  # refuses another unit's item
    item = item_detail(db_url, page.request.item_id, who.today())
    row: RequestRow = page.request
    return render(request, "approval.html", who, status_code=status_code, title=f"审批申请 #{row.id}", page=page,
                  row=row, item=item, waited=waited(row.requested_at, utcnow()) if row.status == "pending" else None,
                  notice=request.session.pop(NOTICE, None), sso=who.identity.method == "oidc",
                  reauthenticated=REAUTH in request.session, **extra)
