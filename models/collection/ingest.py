"""Taking in a unit's filled form: every row through the engine, in one transaction, or nothing.

Who reports is the person named on the form (报送人) or given with `--as`: a liaison or head of the form's
unit. Evidence files are the ones lying beside the form, nothing else. Times are the server's, never the
file's: a form dropped in the inbox is read by its round's close run, which runs at the due time, and counts
as received by then (the file's modification time is kept in the audit entry, as information only)."""
import hashlib
import logging
import shutil
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel

from models.collection.form_reader import read_form, read_form_identity
from models.collection.form_spec import EVIDENCE, REPORTER_LABEL, FormInvalid, FormSpec
from models.collection.rounds import round_unit
from models.directory.lookup import Directory
from models.domain.commands import ActionCommand, Change, EvidenceRef, ProgressCommand
from models.domain.problems import FileInvalid, Problem
from models.domain.refusals import MissingFields, NotYourRole, Refused
from models.domain.vocabulary import UNIT_ROLES, Action
from models.engine.items import apply_action, report_progress
from models.files.beside import file_beside
from models.queries.round_answers import get_round
from models.store.database import reading
from models.store.evidence_store import store
from models.store.unit_of_work import unit_of_work

logger = logging.getLogger(__name__)
READY_WITHOUT_TEXT = "已整改到位，提请检查验收"


class IngestResult(BaseModel):
    unit: str
    week: str
    progress: int
    submitted: list[int]


def _refuse(path: Path, message: str, row: int | None = None, column: str | None = None):
    raise FormInvalid([Problem.at(row, column, message)], source=path.name)


def _expected(db_url: str, path: Path) -> tuple[FormSpec, datetime]:
    """What the form was when it was sent, from the database (never from the file's own copy)."""
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
        return FormSpec.model_validate(row.form_spec), round_.due_at


def _reporter(directory: Directory, expected: FormSpec, named: str | None) -> str:
    """The reporter's name; Refused when the form names nobody, or someone who cannot report for the unit."""
    if not named:
        raise MissingFields(f"报送表未填写「{REPORTER_LABEL}」：请填写{expected.unit}联络员或负责人的姓名（或用 --as 指定）")
    person = directory.person(named)
    if person.unit_id != expected.unit_id:
        raise NotYourRole(f"「{person.describe()}」不属于{expected.unit}，不能报送{expected.unit}的报送表")
    if not person.roles & UNIT_ROLES:
        raise NotYourRole(f"「{person.describe()}」不是{expected.unit}的联络员或负责人，不能报送{expected.unit}的报送表")
    return person.name


def _evidence(path: Path, names: list[str], data_dir: Path, row: int, problems: list[Problem]) -> list[EvidenceRef]:
    refs = []
    for name in names:
        try:
            refs.append(store(data_dir, file_beside(path.parent, name)))
        except (ValueError, Refused) as refusal:
            problems.append(Problem.at(row, EVIDENCE, getattr(refusal, "message", None) or str(refusal)))
    return refs


def ingest_form(db_url: str, path: Path, data_dir: Path, now: datetime, actor: str | None = None,
                received: str = "命令行", by_round_close: bool = False) -> IngestResult:
    """Take in one form; `actor` (--as) names who reports when the form does not, or overrides it.
    `by_round_close`: the form was read by its round's close run, so it counts as received by the due time."""
    expected, due_at = _expected(db_url, path)
    reply = read_form(path, expected)
    problems: list[Problem] = []
    prepared = [(a, _evidence(path, a.evidence_names, data_dir, a.row, problems)) for a in reply.answers]
    source = {"form": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "received": received,
              "reporter_on_form": reply.reporter,
              "file_modified_at": datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat()}
    submitted = []
    with unit_of_work(db_url) as uow:
        try:
            reporter = _reporter(Directory.of(uow), expected, actor or reply.reporter)
        except Refused as refusal:
            raise FormInvalid([Problem.at(None, None, refusal.message), *problems], source=path.name) from None
        for answer, evidence in prepared:
            try:
                with uow.savepoint():
                    report_progress(uow, ProgressCommand(
                        item_id=answer.item_id, actor=reporter, text=answer.progress or READY_WITHOUT_TEXT,
                        percent=answer.percent, evidence=evidence, week=expected.week, source=source,
                        received_at=min(now, due_at) if by_round_close else None), now)
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
    """Every form dropped in the inbox, read by the round's close run: accepted ones move to 已处理/, refused ones to 未通过/
    with the reason beside them — and a file that cannot be read at all never stops the ones after it."""
    result = InboxResult()
    for path in sorted(p for p in inbox.glob("*.xlsx") if p.is_file()) if inbox.is_dir() else []:
        try:
            ingest_form(db_url, path, data_dir, now, received="投递文件夹", by_round_close=True)
        except (FileInvalid, Refused) as problem:
            result.refused[path.name] = _set_aside(inbox, path, str(problem))
        except Exception:  # noqa: BLE001 — whatever it was, the round goes on and the office is told why
            logger.exception("inbox form %s could not be processed", path.name)
            result.refused[path.name] = _set_aside(inbox, path, f"{path.name}：无法处理此文件（系统内部错误，已记入日志），"
                                                                "请检查文件后重新报送")
        else:
            target = inbox / "已处理"
            target.mkdir(exist_ok=True)
            shutil.move(path, target / path.name)
            result.accepted.append(path.name)
    return result


def _set_aside(inbox: Path, path: Path, reason: str) -> str:
    target = inbox / "未通过"
    target.mkdir(exist_ok=True)
    (target / f"{path.name}.原因.txt").write_text(reason, encoding="utf-8")
    shutil.move(path, target / path.name)
    return reason
