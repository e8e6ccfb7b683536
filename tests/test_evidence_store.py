import hashlib

import pytest

from models.domain.refusals import InvalidInput
from models.store.evidence_store import blob_path, store


def test_evidence_is_stored_once_by_sha256_and_never_overwritten(tmp_path):
    source = tmp_path / "会议纪要.pdf"
    source.write_bytes(b"minutes")
    ref = store(tmp_path / "data", source)
    assert ref.sha256 == hashlib.sha256(b"minutes").hexdigest() and ref.filename == "会议纪要.pdf"
    blob = blob_path(tmp_path / "data", ref.sha256)
    assert blob.read_bytes() == b"minutes"
    mtime = blob.stat().st_mtime_ns
    again = tmp_path / "copy.pdf"
    again.write_bytes(b"minutes")
    assert store(tmp_path / "data", again).sha256 == ref.sha256
    assert blob.stat().st_mtime_ns == mtime


def test_missing_evidence_file_is_named(tmp_path):
    with pytest.raises(InvalidInput, match="不存在"):
        store(tmp_path / "data", tmp_path / "nope.pdf")
