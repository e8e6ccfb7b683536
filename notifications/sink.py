"""``sink://`` — the embedded default channel: append each message to a local UTF-8 file.

URL shape: ``sink://?file=<absolute path>&to=<recipient>``. The path travels in the query
because apprise's decorator plugins parse ``sink:///a/b`` as host ``a`` + path ``/b`` and
leave the path percent-encoded; query values come back decoded. Build URLs with sink_url().

Importing this module registers the scheme with apprise (notifications.channels does).
"""

import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from apprise.decorators import notify
from apprise.logger import logger as apprise_logger

SINK_SCHEME = "sink"

# Serialises appends from this process so records never interleave.
_append_lock = threading.Lock()


def sink_url(path: Path | str, recipient: str, key: str | None = None) -> str:
    """`key`: the message's idempotency key, written with it (a message appended twice is recognisably one)."""
    query = {"file": str(Path(path).absolute()), "to": recipient, **({"id": key} if key else {})}
    return f"{SINK_SCHEME}://?{urlencode(query, quote_via=quote)}"


def format_record(recipient: str, title: str, body: str, at: datetime, attachments: list[str] = (),
                  key: str | None = None) -> str:
    attached = f"附件: {'、'.join(attachments)}\n" if attachments else ""
    return (
        f"===== {at.isoformat(timespec='seconds')} =====\n"
        + (f"编号: {key}\n" if key else "")
        + f"收件人: {recipient}\n"
        + f"标题: {title}\n"
        + f"{attached}"
        + f"正文:\n{body.rstrip()}\n\n"
    )


@notify(on=SINK_SCHEME, name="Rectiflow 本地消息文件")
def append_to_sink(body: str, title: str, notify_type: str, *args: Any, meta: dict[str, Any], **kwargs: Any) -> bool:
    query = meta.get("qsd", {})
    if not query.get("file"):
        # apprise's logger, so that deliver() reports the reason
        apprise_logger.warning("sink:// URL has no ?file= parameter.")
        return False
    path = Path(query["file"])
    attachments = [str(a.path) for a in (kwargs.get("attach") or [])]
    record = format_record(query.get("to", ""), title, body, datetime.now().astimezone(), attachments, query.get("id"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _append_lock, path.open("a", encoding="utf-8") as sink:
            sink.write(record)
    except OSError as e:
        apprise_logger.warning("Could not append to sink file %s: %s", path, e.strerror or e)
        return False
    return True
