"""The server's secret for signing sessions and bearer tokens: made once (at `rectiflow init`) in the data
directory's keys folder, readable by its owner only, never logged or shown."""
import os
import secrets
from pathlib import Path

from models.domain.refusals import InvalidInput

KEY_FILE = "session.key"


def ensure_secret_key(keys_dir: Path) -> Path:
    """Create the key if there is none; an existing key is kept (sessions survive a re-run of init)."""
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = keys_dir / KEY_FILE
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key:
            key.write(secrets.token_urlsafe(48))
    return path


def secret_key(keys_dir: Path) -> str:
    path = keys_dir / KEY_FILE
    if not path.is_file():
        raise InvalidInput(f"没有会话密钥（{path}）：请先运行 rectiflow init")
    return path.read_text().strip()
