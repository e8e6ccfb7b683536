"""The hash-chained audit log: how an entry is chained to the one before it, and verifying the chain.
(Entries are appended through the unit of work: models/store/unit_of_work.py.)"""
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.store.collector import collector_paused
from models.tables.audit import AuditEntry, AuditHead

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq", "at", "kind", "actor_id", "actor_name", "campaign_id", "item_id",
    "action", "from_state", "to_state", "reason", "data", "prev_hash",
)
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(entry: AuditEntry) -> str:
    return _hash([getattr(entry, name) for name in HASHED_FIELDS])


def _hash(values: Sequence) -> str:
    """The hash of an entry given its HASHED_FIELDS in that order (anything after them is ignored)."""
    content = dict(zip(HASHED_FIELDS, values))
    content["at"] = content["at"].isoformat(timespec="microseconds")
    return hashlib.sha256(_CANONICAL.encode(content).encode("utf-8")).hexdigest()


def locked_head(session: Session) -> AuditHead:
    """The chain's head row, locked for the rest of the transaction (created with the first entry)."""
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one_or_none()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def head_now(session: Session) -> tuple[int, str]:
    """(seq, hash) of the chain's head as this session sees it, unlocked: it moves with every entry written, and a
    restored backup with as many entries still has another hash."""
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    return (head.seq, head.hash) if head else (0, GENESIS)


def head_before(session: Session, passing: frozenset[str], look_back: int = 64) -> tuple[int, str]:
    """(seq, hash) of the latest entry not of a `passing` kind, among the last `look_back` (all of them passing:
    the head itself) — what an answer that no `passing` entry changes depends on."""
    for seq, hash_, kind in session.execute(select(AuditEntry.seq, AuditEntry.hash, AuditEntry.kind)
                                            .order_by(AuditEntry.seq.desc()).limit(look_back)):
        if kind not in passing:
            return seq, hash_
    return head_now(session)


def next_entry(head: AuditHead, fields: dict) -> dict:
    """The row of the entry that follows `head`: its sequence number, the previous hash and its own."""
    row = dict(seq=head.seq + 1, prev_hash=head.hash, **fields)
    row["hash"] = _hash([row[name] for name in HASHED_FIELDS])
    return row


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None  # sequence number of the first entry that does not verify
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


@collector_paused()
def verify(session: Session, batch: int = 5000, visit: Callable[[AuditEntry], None] | None = None) -> ChainReport:
    """Walk the chain in order; report the first entry whose content, link or position is wrong. `visit` sees
    every entry that verified, in order (as a row: its columns by name, without building an ORM object for each
    of a million entries). Rows come through Core, the hashed fields first, in HASHED_FIELDS' order."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    columns = AuditEntry.__table__.c
    query = select(*(columns[name] for name in (*HASHED_FIELDS, "hash"))).order_by(columns.seq)
    for entry in session.connection().execute(query.execution_options(yield_per=batch)):
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"第 {expected_seq} 条审计记录缺失（下一条为第 {entry.seq} 条）")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, f"第 {entry.seq} 条审计记录与前一条不相连（被插入或前一条被改动）")
        if _hash(entry) != entry.hash:
            return ChainReport(checked, entry.seq, f"第 {entry.seq} 条审计记录内容被改动")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
        if visit:
            visit(entry)
    head_seq, head_hash = head_now(session)
    if head_seq != checked or head_hash != prev_hash:
        return ChainReport(checked, checked + 1, f"审计链末尾记录缺失：应有 {head_seq} 条，实有 {checked} 条")
    return ChainReport(checked)
