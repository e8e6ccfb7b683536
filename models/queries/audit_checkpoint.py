"""`rectiflow audit checkpoint`: the chain's committed head, signed and kept in the data directory."""
from sqlalchemy.orm import Session

from models.domain.checkpoint_note import SignedCheckpoint
from models.domain.refusals import InvalidInput
from models.settings import Settings
from models.store.checkpoints import checkpoint_now
from models.store.database import read_only


@read_only
def sign_checkpoint(session: Session, settings: Settings) -> SignedCheckpoint:
    signed = checkpoint_now(session, settings)
    if signed is None:
        raise InvalidInput(f"没有审计签名密钥 {settings.audit_key_path}：请先运行 rectiflow init 生成")
    return signed


@read_only
def report_footer(session: Session, settings: Settings) -> str | None:
    """What a progress report's footer publishes: the chain's head, signed (None where no key was made)."""
    signed = checkpoint_now(session, settings)
    if signed is None:
        return None
    return "审计检查点（可用 rectiflow audit verify --checkpoint 本文件 核验）：\n" + signed.text.rstrip("\n")
