"""每周进展报送 online: the unit answers the week's round in the browser — the same rows as its .xlsx form, recorded by
the same function (models/collection/answers.py), so either way counts as the unit's answer."""
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from models.collection.answers import AnswerRow, record_answer
from models.collection.form_spec import FormInvalid
from models.collection.online_form import asked_forms
from models.domain.clock import utcnow
from models.domain.refusals import NotFound, Refused
from models.store.evidence_store import store_upload
from rectiflow.web.api.problems import status_of
from rectiflow.web.caller import Caller
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)
Week = Path(pattern=r"^\d{4}-W\d{2}$")
NOTICE = "round_notice"
RECEIVED = "门户网站"


def round_page(request: Request, who: Caller, week: str, status_code: int = 200, problems: list[str] = (),
               filled: dict | None = None):
    forms = asked_forms(who.context.db_url, who.reader.person_id, utcnow(), week)
    if not forms:
        raise NotFound(f"{who.reader.unit or '您的单位'}没有 {week} 的进展报送")
    return render(request, "round.html", who, status_code=status_code, title=f"{week} 进展报送", week=week,
                  forms=forms, problems=list(problems), filled=filled or {},
                  notice=request.session.pop(NOTICE, None))


@router.get("/rounds/{week}")
def round_form(request: Request, week: str = Week, who: Caller = Depends(signed_in)):
    return round_page(request, who, week)


def _percent(text: str, item_id: int) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or int(text) > 100:
        raise ValueError(f"事项 #{item_id}：完成百分比应为 0 到 100 的整数，而不是「{text}」")
    return int(text)


def _answers(who: Caller, form, item_ids: list[int]) -> list[AnswerRow]:
    """The rows something was filled in on: progress, percent, files or 提请验收."""
    rows = []
    for item_id in item_ids:
        text = str(form.get(f"progress-{item_id}", "")).strip()
        percent = _percent(str(form.get(f"percent-{item_id}", "")), item_id)
        ready = form.get(f"ready-{item_id}") == "yes"
        files = [f for f in form.getlist(f"files-{item_id}") if isinstance(f, UploadFile) and f.filename]
        if not (text or percent is not None or ready or files):
            continue
        evidence = [store_upload(who.context.settings.evidence_dir, f.file, f.filename) for f in files]
        rows.append(AnswerRow(item_id=item_id, progress=text or None, percent=percent, ready=ready, evidence=evidence))
    return rows


@router.post("/rounds/{week}", dependencies=[Depends(check_csrf)])
async def answer_round(request: Request, week: str = Week, who: Caller = Depends(signed_in)):
    form = await request.form()  # fields named by item (progress-12, files-12 …): read whole
    return await run_in_threadpool(_record, request, who, week, form)


def _record(request: Request, who: Caller, week: str, form):
    forms = {f.round_id: f for f in asked_forms(who.context.db_url, who.reader.person_id, utcnow(), week)}
    chosen = forms.get(int(form.get("round_id", 0)) if str(form.get("round_id", "")).isdigit() else 0)
    filled = {k: v for k, v in form.items() if isinstance(v, str)}
    if chosen is None:
        raise NotFound(f"{who.reader.unit or '您的单位'}没有这一轮 {week} 的进展报送")
    try:
        answers = _answers(who, form, [row.item_id for row in chosen.spec.rows])
        if not answers:
            raise ValueError("没有填写任何事项的进展：请至少填写一项")
        result = record_answer(who.context.db_url, chosen.round_id, chosen.spec.unit_id, who.actor, answers,
                               {"received": RECEIVED}, utcnow())
    except ValueError as wrong:
        return round_page(request, who, week, 422, [str(wrong)], filled)
    except FormInvalid as invalid:
        return round_page(request, who, week, 422, [p.message for p in invalid.problems], filled)
    except Refused as refused:
        return round_page(request, who, week, status_of(refused), [refused.message], filled)
    request.session[NOTICE] = (f"已报送 {result.progress} 项进展" +
                               (f"，{len(result.submitted)} 项已提请验收" if result.submitted else ""))
    return RedirectResponse(f"/rounds/{week}", status_code=303)
