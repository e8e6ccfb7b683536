"""Sending a file the server writes for one request (a report, an exported ledger): written to a scratch file,
sent under its Chinese name, then deleted."""
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(name: str) -> str:
    """Content-Disposition for a Chinese file name (RFC 6266): the name itself as UTF-8, with an ASCII stand-in
    for clients that cannot read it."""
    fallback = "rectiflow" + Path(name).suffix
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def download(write: Callable[[Path], object], name: str, media_type: str) -> FileResponse:
    """The file `write` makes in a scratch file, sent and then deleted (deleted at once if writing fails)."""
    handle = tempfile.NamedTemporaryFile(prefix="rectiflow-", suffix=Path(name).suffix, delete=False)
    handle.close()
    path = Path(handle.name)
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(path, media_type=media_type, headers={"Content-Disposition": attachment(name)},
                        background=BackgroundTask(lambda: path.unlink(missing_ok=True)))
