"""An item's life as its page tells it, from the audit log: progress reported (with its text), transitions, sign-off
requests and the decisions on them with their signatures — who signed, what the signature means, how they proved
it was them — and the evidence each step brought."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.events import MEETING_DECIDED, PROGRESS_REPORTED, SIGNOFF_APPROVED, SIGNOFF_REFUSED
from models.domain.vocabulary import State
from models.queries.audit_log import AuditRow, audit_log
from models.store.database import read_only
from models.tables.progress import Evidence, ProgressEntry

PROOF_LABELS = {"password": "再次输入密码", "oidc": "单点登录重新验证"}
DECISION_EVENTS = {SIGNOFF_APPROVED, SIGNOFF_REFUSED, MEETING_DECIDED}


class TimelineEntry(BaseModel):
    seq: int
    at: datetime
    label: str  # 报送进展, 提请验收, 审批同意 …
    actor: str
    change: str | None  # 正在整改 → 已验收
    reason: str | None
    progress: str | None  # the progress text reported
    percent: int | None
    signatures: list[str]  # 整改办乙（整改办）：同意验收 — 再次输入密码
    evidence: list[str]  # file names
    request_id: int | None


def _state(value: str | None) -> str | None:
    return State(value).label if value else None


def signature_line(data: dict) -> str:
    """One signature as the page shows it: the signer (and a deputy), its meaning, and how they proved it."""
    deputy = f"，{data['deputy']}代签" if data.get("deputy") else ""
    proof = data.get("proof") or {}
    proved = f" — {PROOF_LABELS.get(proof.get('method'), proof.get('method'))}" if proof else ""
    return f"{data.get('person')}{deputy}：{data.get('meaning')}{proved}"


def _signatures(row: AuditRow) -> list[str]:
    if row.kind in DECISION_EVENTS and row.data.get("meaning"):
        return [signature_line(row.data)]
    return [f"{s['person']}：{s['meaning']}" for s in row.data.get("signatures", [])]


def _evidence(row: AuditRow, files: dict[str, str]) -> list[str]:
    """Its files by name: a transition keeps {sha256, filename}, a progress report the hashes alone."""
    return [e["filename"] if isinstance(e, dict) else files.get(e, e) for e in row.data.get("evidence", [])]


@read_only
def item_timeline(session: Session, item_id: int) -> list[TimelineEntry]:
    """Oldest first."""
    rows = audit_log(session, item_id=item_id)
    texts = dict(session.execute(select(ProgressEntry.id, ProgressEntry.text)
                                 .where(ProgressEntry.item_id == item_id)).all())
    files = dict(session.execute(select(Evidence.sha256, Evidence.filename).where(Evidence.item_id == item_id)).all())
    entries = []
    for row in rows:
        progress = texts.get(row.data.get("progress")) if row.kind == PROGRESS_REPORTED else None
        change = f"{_state(row.from_state)} → {_state(row.to_state)}" if row.from_state and row.to_state else None
        entries.append(TimelineEntry(
            seq=row.seq, at=row.at, label=row.kind_label, actor=row.actor, change=change, reason=row.reason,
            progress=progress, percent=row.data.get("percent") if row.kind == PROGRESS_REPORTED else None,
            signatures=_signatures(row), evidence=_evidence(row, files),
            request_id=row.data.get("request") or row.data.get("opened_request")))
    return entries
