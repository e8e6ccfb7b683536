"""Sending a file made for one request (a report, a ledger): written to a scratch file, sent under its Chinese
name (Content-Disposition filename*=UTF-8''…), then deleted — at once if writing it fails."""
import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown; charset=utf-8"


def written_file(write: Callable[[Path], object], name: str, media_type: str) -> FileResponse:
    handle = tempfile.NamedTemporaryFile(prefix="rectiflow-", suffix=Path(name).suffix, delete=False)
    handle.close()
    path = Path(handle.name)
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(path, media_type=media_type, filename=name,
                        background=BackgroundTask(lambda: path.unlink(missing_ok=True)))
