"""Evidence files kept under the data directory by content hash; a stored file is never overwritten.

A file is read once, through a descriptor opened without following links, checked to be a regular file within
the size limit, hashed while it is copied, and only then put in place (atomically)."""
import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from models.domain.commands import EvidenceRef
from models.domain.refusals import InvalidInput
from models.files.limits import MAX_EVIDENCE_BYTES
from models.files.names import safe_name

_OS_REASONS = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EACCES: "没有写入权限",
               errno.EROFS: "存储位置只读", errno.ELOOP: "不能是链接"}


def blob_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / sha256[:2] / sha256


def store(data_dir: Path, source: Path) -> EvidenceRef:
    """Copy a file into the store (once per content) and return its reference."""
    try:
        handle = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise InvalidInput(f"佐证材料文件不存在：{source}") from None
    except OSError as error:
        raise InvalidInput(f"无法读取佐证材料「{source.name}」：{_reason(error)}") from None
    with os.fdopen(handle, "rb") as reading:
        status = os.fstat(reading.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise InvalidInput(f"佐证材料「{source.name}」不是普通文件")
        if status.st_size > MAX_EVIDENCE_BYTES:
            raise InvalidInput(f"佐证材料「{source.name}」过大：{status.st_size / 1048576:.1f} MB，"
                               f"上限 {MAX_EVIDENCE_BYTES // 1048576} MB")
        try:
            sha, _ = copy_in(data_dir, reading)
        except OSError as error:
            raise InvalidInput(f"无法保存佐证材料「{source.name}」：{_reason(error)}，未写入任何内容") from None
    return EvidenceRef(sha256=sha, filename=source.name, size=status.st_size)


def store_upload(data_dir: Path, reading: BinaryIO, filename: str) -> EvidenceRef:
    """An uploaded file (web, API): copied in while counted, refused the moment it passes the size limit."""
    name = safe_name(Path(filename.replace("\\", "/")).name, "佐证材料")
    try:
        sha, size = copy_in(data_dir, reading, MAX_EVIDENCE_BYTES)
    except UploadTooLarge:
        raise InvalidInput(f"佐证材料「{name}」过大：上限 {MAX_EVIDENCE_BYTES // 1048576} MB，未保存") from None
    except OSError as error:
        raise InvalidInput(f"无法保存佐证材料「{name}」：{_reason(error)}，未写入任何内容") from None
    return EvidenceRef(sha256=sha, filename=name, size=size)


class UploadTooLarge(Exception):
    """An upload passed its size limit while being copied in (nothing is kept)."""


def copy_in(data_dir: Path, reading, limit: int | None = None, suffix: str = "") -> tuple[str, int]:
    """Copy a stream into the store by its sha256 (the name gets `suffix`, for readers that go by it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as writing:
            for chunk in iter(lambda: reading.read(1 << 20), b""):
                size += len(chunk)
                if limit is not None and size > limit:
                    raise UploadTooLarge()
                digest.update(chunk)
                writing.write(chunk)
        target = blob_path(data_dir, digest.hexdigest() + suffix)
        if target.exists():
            os.unlink(tmp)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)  # atomic: readers never see half a file
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return digest.hexdigest(), size


def _reason(error: OSError) -> str:
    return _OS_REASONS.get(error.errno, f"系统错误（errno {error.errno}）")
