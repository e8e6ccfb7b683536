"""`rectiflow audit verify`: the chain's own links, the tables against what the chain says (audit_replay.py), and
the published checkpoints the chain must still contain. The chain alone cannot show a rewrite by someone holding
the database; a checkpoint signed with a key outside it can."""
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from models.domain.checkpoint_note import SignedCheckpoint
from models.queries.audit_replay import Replay
from models.store import audit_chain
from models.store.audit_chain import GENESIS, ChainReport
from models.store.collector import collector_paused
from models.store.database import read_only
from models.store.signing_key import signed_by
from models.tables.audit import AuditEntry


@dataclass
class CheckpointCheck:
    source: str  # the file it came from
    size: int
    problem: str | None = None


@dataclass
class AuditVerification:
    chain: ChainReport
    items: int = 0  # items the chain accounts for
    signatures: int = 0
    problems: list[str] = field(default_factory=list)  # the tables against the chain
    checkpoints: list[CheckpointCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems and not any(c.problem for c in self.checkpoints)


class _HeadsAt:
    """The chain's hash at each size a checkpoint names."""

    def __init__(self, sizes: set[int]):
        self.sizes, self.hashes = sizes, {0: GENESIS}

    def __call__(self, entry: AuditEntry) -> None:
        if entry.seq in self.sizes:
            self.hashes[entry.seq] = entry.hash


def check_checkpoint(source: str, signed: SignedCheckpoint, verifier: str, heads: dict[int, str],
                     chain: ChainReport) -> CheckpointCheck:
    point = signed.checkpoint
    check = CheckpointCheck(source, point.size)
    body = point.body()
    if not any(signed_by(verifier, body, s) for s in signed.signatures):
        signers = "、".join(s.name for s in signed.signatures)
        check.problem = f"签名无效，或不是本系统审计密钥签署的（签署者：{signers}）"
    elif point.size not in heads:
        where = f"现只有 {chain.checked} 条" if chain.ok else f"从第 {chain.broken_at} 条起已无法校验"
        check.problem = f"检查点记录审计链有 {point.size} 条，{where}：审计链被截断或改写"
    elif heads[point.size] != point.root_hash:
        check.problem = f"审计链第 {point.size} 条与检查点不符：此前的记录被改写（整条链被重写也会如此）"
    return check


@collector_paused()
def _verify(session: Session, checkpoints: list[tuple[str, SignedCheckpoint]] = (),
            verifier: str | None = None) -> AuditVerification:
    replay = Replay()
    heads = _HeadsAt({signed.checkpoint.size for _, signed in checkpoints})

    def visit(entry: AuditEntry) -> None:
        replay(entry)
        heads(entry)

    chain = audit_chain.verify(session, visit=visit)
    result = AuditVerification(chain)
    if chain.ok:  # a broken chain says nothing reliable about the tables
        result.problems = replay.item_problems(session) + replay.signature_problems(session)
        result.items, result.signatures = replay.counts
    result.checkpoints = [check_checkpoint(source, signed, verifier, heads.hashes, chain)
                          for source, signed in checkpoints]
    return result


verify_audit = read_only(_verify)
