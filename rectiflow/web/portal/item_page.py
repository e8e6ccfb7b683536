"""One item's page: what it is, its life from the audit log, its evidence, and the forms of the actions this person
may take now (asked of the engine: models/engine/permissions.py). A forced form still goes through the engine."""
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from models.domain.commands import ActionCommand, Change, ProgressCommand, StageTargetIn
from models.domain.refusals import InvalidInput, Refused
from models.domain.transitions import find
from models.domain.vocabulary import Action, Field, State
from models.engine.operations import perform_action, perform_progress
from models.engine.permissions import permitted
from models.queries.items import item_detail
from models.queries.people import list_people
from models.queries.readers import check_may_read_item
from models.queries.timeline import item_timeline
from models.store.evidence_store import store_upload
from rectiflow.web.api.problems import status_of
from rectiflow.web.caller import Caller
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)
NOTICE = "item_notice"
STAGE_ROWS = 3  # stage-target rows the long-term form offers
Short = Annotated[str, Form(max_length=2000)]


def action_forms(state: str, actions: list[Action]) -> list[dict]:
    """Each permitted action with the fields its transition requires (the table says which)."""
    forms = []
    for action in actions:
        row = find(State(state), action)
        forms.append({"action": action.value, "label": action.label, "signoff": row.signoff is not None,
                      "requires": {f.value for f in row.requires},
                      "files": bool(row.requires & {Field.evidence, Field.item_evidence})})
    return forms


def item_page(request: Request, who: Caller, item_id: int, status_code: int = 200, error: str | None = None):
    db_url = who.context.db_url
    check_may_read_item(db_url, who.reader, item_id)
    detail = item_detail(db_url, item_id, who.today())
    allowed = permitted(db_url, item_id, who.reader.person_id)
    forms = action_forms(detail.item.state, allowed.actions)
    units = sorted({p.unit for p in list_people(db_url) if p.unit}) if any(f["action"] == "reassign" for f in forms) \
        else []
    return render(request, "item.html", who, status_code=status_code, title=f"事项 #{item_id}", detail=detail,
                  timeline=item_timeline(db_url, item_id), forms=forms, may_report=allowed.report, units=units,
                  stage_rows=range(1, STAGE_ROWS + 1), error=error, notice=request.session.pop(NOTICE, None))


@router.get("/items/{item_id}")
def item(request: Request, item_id: int, who: Caller = Depends(signed_in)):
    return item_page(request, who, item_id)


def _date(text: str, label: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{label}「{text}」不是有效日期") from None


def _uploads(who: Caller, files: list[UploadFile]):
    return [store_upload(who.context.settings.evidence_dir, f.file, f.filename or "佐证材料")
            for f in files if f.filename]  # a browser sends an empty part for a file input left empty


@router.post("/items/{item_id}/actions", dependencies=[Depends(check_csrf)])
def act(request: Request, item_id: int, action: Annotated[str, Form(max_length=40)],
        version: Annotated[int, Form()], reason: Short = "", deadline: Short = "", unit: Short = "",
        stage_text: Annotated[list[str], Form()] = (), stage_due: Annotated[list[str], Form()] = (),
        files: Annotated[list[UploadFile], File()] = (), who: Caller = Depends(signed_in)):
    check_may_read_item(who.context.db_url, who.reader, item_id)
    try:
        chosen = Action.parse(action)
    except ValueError:
        return item_page(request, who, item_id, 422, f"没有「{action}」这种操作")
    try:
        stages = [StageTargetIn(text=text.strip(), due=_date(due, "阶段目标日期"))
                  for text, due in zip(stage_text, [*stage_due, *[""] * len(stage_text)]) if text.strip()]
        change = Change(reason=reason.strip() or None, new_deadline=_date(deadline, "新的整改时限"),
                        new_unit=unit.strip() or None, stage_targets=stages, evidence=_uploads(who, files))
        outcome = perform_action(who.context.db_url, ActionCommand(
            item_id=item_id, action=chosen, actor=who.actor, change=change, expected_version=version), who.via)
    except Refused as refused:
        return item_page(request, who, item_id, status_of(refused), refused.message)
    request.session[NOTICE] = (f"已执行「{chosen.label}」" if outcome.fired else
                               f"已提交「{chosen.label}」审批申请 #{outcome.request_id}，等待签署")
    return RedirectResponse(f"/items/{item_id}", status_code=303)


@router.post("/items/{item_id}/progress", dependencies=[Depends(check_csrf)])
def progress(request: Request, item_id: int, text: Annotated[str, Form(max_length=32767)] = "",
             percent: Annotated[str, Form(max_length=3)] = "", files: Annotated[list[UploadFile], File()] = (),
             who: Caller = Depends(signed_in)):
    check_may_read_item(who.context.db_url, who.reader, item_id)
    try:
        share = int(percent) if percent.strip() else None
        if share is not None and not 0 <= share <= 100:
            raise ValueError
    except ValueError:
        return item_page(request, who, item_id, 422, f"完成百分比应为 0 到 100 的整数，而不是「{percent}」")
    try:
        perform_progress(who.context.db_url, ProgressCommand(item_id=item_id, actor=who.actor, text=text,
                                                             percent=share, evidence=_uploads(who, files)), who.via)
    except Refused as refused:
        return item_page(request, who, item_id, status_of(refused), refused.message)
    request.session[NOTICE] = "进展已报送"
    return RedirectResponse(f"/items/{item_id}", status_code=303)
