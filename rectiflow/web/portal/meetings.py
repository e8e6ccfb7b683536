"""会议审议: the office records a leading-group meeting that decided pending requests in a batch — as
`rectiflow approvals meeting` does, through the same engine operation: all of them are recorded, or none."""
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from models.domain.commands import EvidenceRef, MeetingCommand
from models.domain.refusals import InvalidInput, NotYourRole, Refused
from models.domain.vocabulary import Role
from models.engine.operations import perform_meeting
from models.queries.meetings import meeting_agenda, meeting_record, the_leading_group
from models.store.evidence_store import store_upload
from rectiflow.web.api.params import MAX_ID
from rectiflow.web.caller import Caller
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)


def _office_only(who: Caller) -> None:
    if Role.office not in who.reader.roles:
        raise NotYourRole("只有整改办可以记录领导小组会议")


@router.get("/meetings/new")
def new_meeting(request: Request, who: Caller = Depends(signed_in)):
    _office_only(who)
    return _form(request, who)


@router.post("/meetings/new", dependencies=[Depends(check_csrf)])
async def record_meeting(request: Request, who: Caller = Depends(signed_in)):
    _office_only(who)
    form = await request.form()  # the same form check_csrf parsed: one decision field per request listed
    try:
        command = _command(form, who, await run_in_threadpool(_minutes, form, who))
        outcome = await run_in_threadpool(perform_meeting, who.context.db_url, command, who.via)
    except Refused as refused:
        lines = refused.message.split("\n")
        return await run_in_threadpool(lambda: _form(request, who, status_code=422, error=lines[0],
                                                     problems=lines[1:], sent=form))
    return RedirectResponse(f"/meetings/{outcome.meeting_id}", status_code=303)


@router.get("/meetings/{meeting_id}")
def meeting(request: Request, meeting_id: Annotated[int, Path(ge=1, le=MAX_ID)], who: Caller = Depends(signed_in)):
    if not who.reader.whole_ledger:
        raise NotYourRole("只有整改办和领导小组可以查看领导小组会议记录")
    record = meeting_record(who.context.db_url, meeting_id)
    return render(request, "meeting.html", who, title=f"领导小组会议 #{record.id}", meeting=record)


def _form(request: Request, who: Caller, status_code: int = 200, sent: FormData | None = None, **extra):
    db_url = who.context.db_url
    return render(request, "meeting_new.html", who, status_code=status_code, title="记录领导小组会议",
                  agenda=meeting_agenda(db_url), group=the_leading_group(db_url), sent=sent,
                  today=who.today(), **extra)


def _minutes(form: FormData, who: Caller) -> EvidenceRef | None:
    upload = form.get("minutes")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return store_upload(who.context.settings.evidence_dir, upload.file, upload.filename)


def _command(form: FormData, who: Caller, minutes: EvidenceRef | None) -> MeetingCommand:
    try:
        held_on = date.fromisoformat(str(form.get("held_on") or ""))
    except ValueError:
        raise InvalidInput("请填写会议日期") from None
    approve, reject = [], {}
    for key, value in form.multi_items():
        number = key.removeprefix("decision_")
        if number == key or not number.isdigit() or not 1 <= int(number) <= MAX_ID:
            continue  # not a request's decision: nothing the page sent
        request_id = int(number)
        if value == "approve":
            approve.append(request_id)
        elif value == "reject":
            reject[request_id] = str(form.get(f"reason_{request_id}") or "")
    return MeetingCommand(held_on=held_on, chair=str(form.get("chair") or ""),
                          attendees=[str(a) for a in form.getlist("attendees")], minutes=minutes,
                          approve=approve, reject=reject, recorded_by=who.actor)
