"""A ledger uploaded in the portal, kept by its sha256 between its reading (what `import --check` shows) and its
import: the confirming form names the file by that hash and never sends it again, so what is imported is exactly
what was read."""
import re
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel

from models.domain.refusals import InvalidInput, NotFound
from models.files.limits import MAX_FILE_BYTES
from models.ledger_files import LEDGER_SUFFIXES, ledger_suffix
from models.store.evidence_store import UploadTooLarge, blob_path, copy_in

FOLDER = "ledger-uploads"  # under the data directory, beside the evidence it never mixes with
_SHA256 = re.compile(r"[0-9a-f]{64}")


class StagedLedger(BaseModel):
    sha256: str
    filename: str  # as the person's computer named it (shown back to them, never used as a path)
    size: int


def stage_ledger(data_dir: Path, reading: BinaryIO, filename: str) -> StagedLedger:
    """Keep an uploaded ledger file; refused by its type before it is read, and by its size while it is copied."""
    suffix = ledger_suffix(filename)
    try:
        sha, size = copy_in(data_dir / FOLDER, reading, MAX_FILE_BYTES, suffix)
    except UploadTooLarge:
        raise InvalidInput(f"台账文件「{filename}」过大：上限 {MAX_FILE_BYTES // 1048576} MB，未保存") from None
    return StagedLedger(sha256=sha, filename=filename, size=size)


def staged_ledger(data_dir: Path, sha256: str) -> Path:
    """The file kept under this hash (NotFound when there is none: a form from elsewhere, or a cleared folder)."""
    if _SHA256.fullmatch(sha256):
        for suffix in LEDGER_SUFFIXES:
            path = blob_path(data_dir / FOLDER, sha256 + suffix)
            if path.is_file():
                return path
    raise NotFound("找不到已上传的台账文件，请重新上传")
