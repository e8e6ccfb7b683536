"""导入台账 (the office): upload a ledger, read it exactly as `rectiflow import --check` does (the items, the
units and leaders it names, how each column was read, every problem with its row and column), then confirm. The
file is kept by its sha256 between the two steps, and the import is the CLI's own: one transaction, all or
nothing, audited with the person who confirmed it as its actor."""
from collections import Counter

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from models.domain.problems import LedgerFileInvalid, Problem
from models.domain.refusals import InvalidInput, Refused
from models.domain.vocabulary import SOURCE_TYPES, State
from models.files.limits import MAX_FILE_BYTES
from models.ledger_files.columns import FIELDS
from models.ledger_files.staging import stage_ledger, staged_ledger
from rectiflow.web.api.problems import status_of
from rectiflow.web.caller import Caller
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.oversight import office
from rectiflow.web.portal.pages import render

router = APIRouter(include_in_schema=False)
FIELD_LABELS = {field: spec.label for field, spec in FIELDS.items()}
STATE_LABELS = {state.value: state.label for state in State}


def _page(request: Request, who: Caller, status_code: int = 200, **context):
    return render(request, "ledger_import.html", who, status_code=status_code, sources=SOURCE_TYPES, max_mb=MAX_FILE_BYTES // 1048576,
                  field_labels=FIELD_LABELS, state_labels=STATE_LABELS, **context)


def _options(campaign: str, source: str) -> tuple[str | None, str | None]:
    """The title and the source as typed: empty means "as the file says" (what omitting --campaign/--source does)."""
    source = source.strip() or None
    if source is not None and source not in SOURCE_TYPES:
        raise InvalidInput(f"问题来源应为 {'/'.join(SOURCE_TYPES)} 之一，不是「{source}」")
    return campaign.strip() or None, source


@router.get("/import")
def import_form(request: Request, who: Caller = Depends(office)):
    return _page(request, who)


@router.post("/import/check", dependencies=[Depends(check_csrf)])
def check(request: Request, ledger: UploadFile = File(...), campaign: str = Form(""), source: str = Form(""),
          who: Caller = Depends(office)):
    from models.ledger_files import read_ledger
    from models.ledger_files.check import check_ledger

    filename = ledger.filename or "台账"
    given = {"campaign": campaign, "source": source, "filename": filename}
    try:
        title, source_type = _options(campaign, source)
        staged = stage_ledger(who.context.settings.evidence_dir, ledger.file, filename)
        doc = read_ledger(staged_ledger(who.context.settings.evidence_dir, staged.sha256))
        summary = check_ledger(who.context.db_url, doc, title, source_type)
    except LedgerFileInvalid as invalid:
        return _page(request, who, 422, problems=invalid.problems, **given)
    except Refused as refused:
        return _page(request, who, status_of(refused), problems=[Problem.at(None, None, refused.message)], **given)
    per_aspect = Counter(item.aspect for item in doc.items)  # in the order the file gives them
    return _page(request, who, doc=doc, summary=summary, staged=staged, per_aspect=per_aspect, **given)


@router.post("/import/confirm", dependencies=[Depends(check_csrf)])
def confirm(request: Request, sha256: str = Form(...), campaign: str = Form(""), source: str = Form(""),
            filename: str = Form(""), who: Caller = Depends(office)):
    from models.ledger_files import read_ledger
    from models.ledger_files.load import import_ledger_doc

    given = {"campaign": campaign, "source": source, "filename": filename}
    try:
        title, source_type = _options(campaign, source)
        doc = read_ledger(staged_ledger(who.context.settings.evidence_dir, sha256))
        summary = import_ledger_doc(who.context.db_url, doc, title, source_type, actor_name=who.reader.name,
                                    via=who.via)
    except LedgerFileInvalid as invalid:
        return _page(request, who, 422, problems=invalid.problems, **given)
    except Refused as refused:
        return _page(request, who, status_of(refused), problems=[Problem.at(None, None, refused.message)], **given)
    return _page(request, who, summary=summary, imported=True, **given)
