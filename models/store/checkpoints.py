"""Checkpoints of the audit chain: its head (size and root hash) signed with the key `rectiflow init` made, published
in messages and reports, and kept in the data directory (one file per chain size). Anyone holding an earlier
checkpoint can later prove that the chain still contains it (models/queries/audit_verify.py) — which nobody with only
the database can fake, since the key is not in it."""
import logging
import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from models.domain.checkpoint_note import Checkpoint, SignedCheckpoint, find_checkpoints
from models.settings import Settings
from models.store.audit_chain import head_now
from models.store.signing_key import SigningKey, load_key
from models.store.unit_of_work import UnitOfWork

log = logging.getLogger("rectiflow.checkpoints")
SUFFIX = ".checkpoint"


def sign(key: SigningKey, size: int, root_hash: str) -> SignedCheckpoint:
    checkpoint = Checkpoint(key.name, size, root_hash)
    return SignedCheckpoint(checkpoint, (key.sign(checkpoint.body()),))


def save(directory: Path, signed: SignedCheckpoint) -> Path:
    """Write the checkpoint as `<size>.checkpoint` (atomically: a reader never sees half of one)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{signed.checkpoint.size:012d}{SUFFIX}"
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(signed.text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return path


def saved(directory: Path) -> list[tuple[Path, SignedCheckpoint]]:
    """Every checkpoint kept in the data directory, oldest (smallest) first."""
    found = []
    for path in sorted(directory.glob(f"*{SUFFIX}")) if directory.is_dir() else []:
        found += [(path, signed) for signed in find_checkpoints(path.read_text(encoding="utf-8", errors="replace"))]
    return found


def _keep(directory: Path, signed: SignedCheckpoint) -> None:
    try:
        save(directory, signed)
    except OSError as error:  # published in the message all the same; the next one will be kept
        log.warning("checkpoint %s not kept in %s: %s", signed.checkpoint.size, directory, error)


def publish_in(uow: UnitOfWork, settings: Settings | None = None) -> str | None:
    """The chain's head as this transaction leaves it, signed, for a message it queues; kept in the data directory
    once the transaction has committed. None (and a warning in the log) where no signing key was made."""
    settings = settings or Settings()
    key = load_key(settings.audit_key_path)
    if key is None:
        log.warning("no audit signing key at %s (run rectiflow init): message sent without a checkpoint",
                    settings.audit_key_path)
        return None
    head = uow.lock_chain()
    signed = sign(key, head.seq, head.hash)
    uow.after_commit(lambda: _keep(settings.checkpoint_dir, signed))
    return signed.text


def checkpoint_now(session: Session, settings: Settings) -> SignedCheckpoint | None:
    """The committed head, signed and kept; None where no signing key was made."""
    key = load_key(settings.audit_key_path)
    if key is None:
        return None
    signed = sign(key, *head_now(session))
    save(settings.checkpoint_dir, signed)
    return signed
