"""Evidence files kept under the data directory by content hash; a stored file is never overwritten."""
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from models.domain.commands import EvidenceRef
from models.domain.refusals import InvalidInput


def blob_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / sha256[:2] / sha256


def store(data_dir: Path, source: Path) -> EvidenceRef:
    """Copy a file into the store (once per content) and return its reference."""
    if not source.is_file():
        raise InvalidInput(f"佐证材料文件不存在：{source}")
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    target = blob_path(data_dir, sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)  # atomic: readers never see half a file
    return EvidenceRef(sha256=sha, filename=source.name, size=source.stat().st_size)
