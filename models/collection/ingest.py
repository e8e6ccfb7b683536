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

from models.collection.answers import AnswerRow, IngestResult, asked_spec, record_answer
from models.collection.form_reader import read_form, read_form_identity
from models.collection.form_spec import EVIDENCE, FormInvalid, FormSpec
from models.domain.commands import EvidenceRef
from models.domain.problems import FileInvalid, Problem
from models.domain.refusals import NotFound, Refused
from models.files.beside import file_beside
from models.store.database import reading
from models.store.evidence_store import store

logger = logging.getLogger(__name__)


def _refuse(path: Path, message: str):
    raise FormInvalid([Problem.at(None, None, message)], source=path.name)


def _expected(db_url: str, path: Path) -> FormSpec:
    """What the form was when it was sent, from the database (never from the file's own copy)."""
    identity = read_form_identity(path)
    with reading(db_url) as session:
        try:
            return asked_spec(session, identity.round_id, identity.unit_id)[0]
        except NotFound:
            _refuse(path, "此报送表不属于本系统的任何报送轮次（可能来自其他数据库）")
        except Refused as refusal:
            _refuse(path, refusal.message)


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
    expected = _expected(db_url, path)
    reply = read_form(path, expected)
    problems: list[Problem] = []
    answers = [AnswerRow(item_id=a.item_id, progress=a.progress, percent=a.percent, ready=a.ready, row=a.row,
                         evidence=_evidence(path, a.evidence_names, data_dir, a.row, problems))
               for a in reply.answers]
    source = {"form": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "received": received,
              "reporter_on_form": reply.reporter,
              "file_modified_at": datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat()}
    return record_answer(db_url, expected.round_id, expected.unit_id, actor or reply.reporter, answers, source, now,
                         by_round_close=by_round_close, problems=problems, label=path.name)


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
