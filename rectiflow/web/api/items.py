"""Items: the ledger a person may see, one item whole, an action on it, progress with evidence files."""
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Query, UploadFile
from pydantic import BaseModel, Field

from models.domain.commands import ActionCommand, ActionOutcome, Change, EvidenceRef, ProgressCommand, StageTargetIn
from models.domain.refs import ref_number
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import Action, State
from models.engine.operations import perform_action, perform_progress
from models.queries.item_filter import ItemFilter, Light
from models.queries.items import ItemDetail, ItemPage, item_detail, readable_items
from models.queries.readers import check_may_read_item
from models.store.evidence_store import blob_path, store_upload
from rectiflow.web.api.identity import Caller, caller
from rectiflow.web.api.params import ItemId, Name, Offset

router = APIRouter(tags=["整改事项"])
MAX_PAGE = 500


class EvidenceIn(BaseModel):
    sha256: str = Field(pattern="^[0-9a-f]{64}$", description="POST /api/v1/evidence 返回的哈希")
    filename: str = Field(min_length=1, max_length=200)


class ActionIn(BaseModel):
    action: Action
    reason: str | None = Field(None, max_length=2000, description="退回、延期、重新整改、列为长期整改等必填")
    deadline: date | None = Field(None, description="延期的新时限")
    unit: str | None = Field(None, max_length=200, description="调整牵头单位时的新单位")
    stages: list[StageTargetIn] = Field([], description="阶段目标（列为长期整改时）")
    evidence: list[EvidenceIn] = Field([], description="佐证材料（先上传，再按哈希引用）")


class ProgressOut(BaseModel):
    item_id: int
    progress_id: int
    evidence: list[EvidenceRef]


@router.get("/items", response_model=ItemPage, summary="整改事项列表（本单位的，或整改办和领导看全部）")
def items(who: Annotated[Caller, Depends(caller)], campaign: Name = None, aspect: Name = None, unit: Name = None,
          state: State | None = None, overdue: bool = False, light: Light | None = None,
          limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50, offset: Offset = 0) -> ItemPage:
    wanted = ItemFilter(campaign=campaign, aspect=aspect, unit=unit, state=state, overdue=overdue, light=light)
    return readable_items(who.context.db_url, who.reader, who.today(), wanted, limit=limit, offset=offset)


@router.get("/items/{item_id}", response_model=ItemDetail, summary="一个事项：措施、阶段目标、进展、佐证、审批、可执行的操作")
def item(item_id: ItemId, who: Annotated[Caller, Depends(caller)]) -> ItemDetail:
    check_may_read_item(who.context.db_url, who.reader, item_id)
    return item_detail(who.context.db_url, item_id, who.today())


@router.post("/items/{item_id}/actions", response_model=ActionOutcome,
             summary="对事项执行操作；需审批的操作提交审批申请。If-Match: 版本号 → 乐观锁")
def act(item_id: ItemId, body: ActionIn, who: Annotated[Caller, Depends(caller)],
        if_match: Annotated[str | None, Header(description="事项的版本号（见 version）；已被他人修改则拒绝")] = None
        ) -> ActionOutcome:
    check_may_read_item(who.context.db_url, who.reader, item_id)
    change = Change(reason=body.reason, new_deadline=body.deadline, new_unit=body.unit, stage_targets=body.stages,
                    evidence=[_uploaded(who, e) for e in body.evidence])
    command = ActionCommand(item_id=item_id, action=body.action, actor=who.actor, change=change,
                            expected_version=_version(if_match))
    return perform_action(who.context.db_url, command, who.via)


@router.post("/items/{item_id}/progress", response_model=ProgressOut, summary="报送整改进展（可附佐证材料文件）")
def progress(item_id: ItemId, who: Annotated[Caller, Depends(caller)],
             text: Annotated[str, Form(min_length=1, max_length=32767, description="本次整改进展")],
             percent: Annotated[int | None, Form(ge=0, le=100)] = None,
             files: Annotated[list[UploadFile], File(description="佐证材料，可多个")] = ()) -> ProgressOut:
    check_may_read_item(who.context.db_url, who.reader, item_id)
    evidence = [store_upload(who.context.settings.evidence_dir, f.file, f.filename or "佐证材料") for f in files]
    outcome = perform_progress(who.context.db_url, ProgressCommand(item_id=item_id, actor=who.actor, text=text,
                                                                   percent=percent, evidence=evidence), who.via)
    return ProgressOut(item_id=outcome.item_id, progress_id=outcome.progress_id, evidence=evidence)


@router.post("/evidence", response_model=EvidenceRef, summary="上传一个佐证材料文件（再在操作中按哈希引用）")
def upload(who: Annotated[Caller, Depends(caller)], file: Annotated[UploadFile, File()]) -> EvidenceRef:
    return store_upload(who.context.settings.evidence_dir, file.file, file.filename or "佐证材料")


def _uploaded(who: Caller, evidence: EvidenceIn) -> EvidenceRef:
    path = blob_path(who.context.settings.evidence_dir, evidence.sha256)
    if not path.is_file():
        raise InvalidInput(f"佐证材料「{evidence.filename}」尚未上传（POST /api/v1/evidence），或哈希有误")
    return EvidenceRef(sha256=evidence.sha256, filename=evidence.filename, size=path.stat().st_size)


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    version = ref_number(if_match.strip().removeprefix("W/").strip('"'))
    if version is None:
        raise InvalidInput(f"If-Match 应为事项的版本号（整数），而不是「{if_match}」")
    return version
