"""代签授权: a leader lets a deputy sign in their place for a period, and sees the delegations given and received;
the office sets them up for anyone and sees them all. The engine (engine/delegations.py) owns the rules."""
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from models.domain.commands import DelegationCommand, RevocationCommand
from models.domain.refusals import Refused
from models.domain.vocabulary import Role
from models.engine.operations import perform_delegation, perform_revocation
from models.queries.delegations import list_delegations
from models.queries.people import list_people
from rectiflow.web.api.problems import status_of
from rectiflow.web.caller import Caller
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)
SIGNING_ROLES = frozenset({Role.office, Role.member, Role.chair})  # those the approval policies ask for
NOTICE = "delegations_notice"
Name = Annotated[str, Form(max_length=100)]


@router.get("/delegations")
def delegations(request: Request, who: Caller = Depends(signed_in)):
    return _page(request, who)


@router.post("/delegations", dependencies=[Depends(check_csrf)])
def delegate(request: Request, deputy: Name, starts: Annotated[date, Form()], ends: Annotated[date, Form()],
             reason: Annotated[str, Form(max_length=500)] = "", principal: Name = "",
             who: Caller = Depends(signed_in)):
    office = Role.office in who.reader.roles
    principal_name = principal if office and principal else who.reader.name
    command = DelegationCommand(principal=principal_name, deputy=deputy, starts=starts, ends=ends, actor=who.actor,
                                reason=reason.strip() or None)
    try:
        perform_delegation(who.context.db_url, command, who.via)
    except Refused as refused:
        return _page(request, who, status_code=422, error=refused.message, form=command)
    request.session[NOTICE] = f"已授权{deputy}于 {starts} 至 {ends} 代{principal_name}审批"
    return RedirectResponse("/delegations", status_code=303)


@router.post("/delegations/{delegation_id}/revoke", dependencies=[Depends(check_csrf)])
def revoke(request: Request, delegation_id: int, who: Caller = Depends(signed_in)):
    try:
        perform_revocation(who.context.db_url, RevocationCommand(delegation_id=delegation_id, actor=who.actor),
                           who.via)
    except Refused as refused:
        return _page(request, who, status_code=status_of(refused), error=refused.message)
    request.session[NOTICE] = f"已撤销代签授权 #{delegation_id}"
    return RedirectResponse("/delegations", status_code=303)


def _page(request: Request, who: Caller, status_code: int = 200, **extra):
    db_url, office = who.context.db_url, Role.office in who.reader.roles
    rows = list_delegations(db_url, who.today(), person_id=None if office else who.reader.person_id,
                            current_only=not office)
    revocable = {d.id for d in rows if d.status_label in ("生效中", "未开始") and (office or d.principal == who.reader.name)}
    people = [p for p in list_people(db_url) if p.id != who.reader.person_id]
    return render(request, "delegations.html", who, status_code=status_code, title="代签授权", rows=rows,
                  office=office, revocable=revocable, may_delegate=office or bool(SIGNING_ROLES & set(who.reader.roles)),
                  people=people, principals=[p for p in list_people(db_url) if SIGNING_ROLES & set(p.roles)],
                  notice=request.session.pop(NOTICE, None), **extra)
