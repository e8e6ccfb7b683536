"""Taking in a unit's filled form: every row through the engine, in one transaction, or nothing."""
import shutil
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel

from models.collection.form_reader import read_form, read_form_identity
from models.collection.form_spec import EVIDENCE, FormInvalid, FormSpec
from models.collection.rounds import round_unit
from models.directory.lookup import Directory
from models.domain.commands import ActionCommand, Change, EvidenceRef, ProgressCommand
from models.domain.problems import FileInvalid, Problem
from models.domain.refusals import Refused
from models.domain.vocabulary import Action
from models.engine.items import apply_action, report_progress
from models.queries.round_answers import get_round
from models.store.database import reading
from models.store.evidence_store import store
from models.store.unit_of_work import unit_of_work

READY_WITHOUT_TEXT = "已整改到位，提请检查验收"


class IngestResult(BaseModel):
    unit: str
    week: str
    progress: int
    submitted: list[int]


def _refuse(path: Path, message: str, row: int | None = None, column: str | None = None):
    raise FormInvalid([Problem.at(row, column, message)], source=path.name)


def _reporter(directory: Directory, unit_id: int, unit: str, actor: str | None, path: Path) -> str:
    if actor:
        person = directory.person(actor)
        if person.unit_id != unit_id:
            _refuse(path, f"「{person.name}」不属于{unit}，不能报送{unit}的报送表")
        return person.name
    contacts = directory.unit_contacts(unit_id)
    if not contacts:
        _refuse(path, f"{unit}在组织目录中没有联络员或负责人，无法代为报送（请用 --as 指定报送人）")
    return contacts[0].name


def _evidence(path: Path, names: list[str], data_dir: Path, row: int, problems: list[Problem]) -> list[EvidenceRef]:
    refs = []
    for name in names:
        file = path.parent / name
        if file.is_file():
            refs.append(store(data_dir, file))
        else:
            problems.append(Problem.at(row, EVIDENCE, f"找不到文件「{name}」（请与报送表放在同一文件夹）"))
    return refs


def ingest_form(db_url: str, path: Path, data_dir: Path, now: datetime, actor: str | None = None) -> IngestResult:
    identity = read_form_identity(path)
    with reading(db_url) as session:
        try:
            round_ = get_round(session, identity.round_id)
            row = round_unit(session, round_.id, identity.unit_id)
        except Refused:
            _refuse(path, "此报送表不属于本系统的任何报送轮次（可能来自其他数据库）")
        if round_.closed_at is not None:
            _refuse(path, f"{round_.week} 的报送已截止汇总，不能再提交此表；请在新一周的报送表中填写")
        if row.form_spec is None:
            _refuse(path, f"{row.unit.name} 尚未收到 {round_.week} 的报送表")
        expected = FormSpec.model_validate(row.form_spec)
        reporter = _reporter(Directory(session), row.unit_id, row.unit.name, actor, path)
    reply = read_form(path, expected)

    problems: list[Problem] = []
    prepared = [(a, _evidence(path, a.evidence_names, data_dir, a.row, problems)) for a in reply.answers]
    submitted = []
    with unit_of_work(db_url) as uow:
        for answer, evidence in prepared:
            try:
                with uow.savepoint():
                    report_progress(uow, ProgressCommand(
                        item_id=answer.item_id, actor=reporter, text=answer.progress or READY_WITHOUT_TEXT,
                        percent=answer.percent, evidence=evidence, week=expected.week), now)
                    if answer.ready:
                        apply_action(uow, ActionCommand(item_id=answer.item_id, action=Action.submit,
                                                            actor=reporter, change=Change(evidence=evidence)), now)
                        submitted.append(answer.item_id)
            except Refused as refusal:
                problems.append(Problem.at(answer.row, None, refusal.message))
        if problems:
            raise FormInvalid(problems, source=path.name)  # rolls the whole form back
    return IngestResult(unit=expected.unit, week=expected.week, progress=len(prepared), submitted=submitted)


class InboxResult(BaseModel):
    accepted: list[str] = []
    refused: dict[str, str] = {}


def ingest_inbox(db_url: str, inbox: Path, data_dir: Path, now: datetime) -> InboxResult:
    """Every form dropped in the inbox: accepted ones move to 已处理/, refused ones to 未通过/ with the reason.
    A form counts as answered when it arrived in the folder (its modification time), not when it is read."""
    result = InboxResult()
    for path in sorted(inbox.glob("*.xlsx")) if inbox.is_dir() else []:
        arrived = min(now, datetime.fromtimestamp(path.stat().st_mtime, timezone.utc))
        try:
            ingest_form(db_url, path, data_dir, arrived)
        except (FileInvalid, Refused) as problem:
            target = inbox / "未通过"
            target.mkdir(exist_ok=True)
            (target / f"{path.name}.原因.txt").write_text(str(problem), encoding="utf-8")
            shutil.move(path, target / path.name)
            result.refused[path.name] = str(problem)
        else:
            target = inbox / "已处理"
            target.mkdir(exist_ok=True)
            shutil.move(path, target / path.name)
            result.accepted.append(path.name)
    return result
