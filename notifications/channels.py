"""Deliver one message to one apprise URL and report exactly what happened."""

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import apprise
from apprise.plugins import url_to_dict

from notifications import sink  # noqa: F401  (registers sink://)
from notifications.api_body_checks import BODY_CHECKED_PLUGINS


@dataclass(frozen=True)
class Delivery:
    ok: bool
    error: str | None = None  # why it failed, readable: apprise's logged error, or the API's errcode/errmsg
    permanent: bool = False  # True when retrying cannot help (URL apprise does not understand, unknown scheme)


def deliver(
    url: str,
    title: str,
    body: str,
    *,
    timeout_seconds: float = 10.0,
    attachments: Sequence[Path] = (),
) -> Delivery:
    """Send Markdown `body` to `url`. Never raises for a delivery failure.

    `timeout_seconds` is the socket connect and read timeout; it overrides any cto=/rto= in the URL.
    """
    missing = [Path(a).name for a in attachments if not Path(a).is_file()]
    if missing:
        return Delivery(ok=False, error=f"附件不存在: {', '.join(missing)}")

    with apprise.LogCapture(level=logging.WARNING, fmt=_TAGGED_LOG_FORMAT) as log:
        plugin = _instantiate(url, timeout_seconds)
        if plugin is None:
            return Delivery(ok=False, permanent=True, error=f"无法识别的通知地址: {_describe_without_secrets(url)}")
        sender = apprise.Apprise()  # one per call: no state shared between deliveries
        sender.add(plugin)
        sent = sender.notify(
            body=body,
            title=title,
            body_format=apprise.NotifyFormat.MARKDOWN,
            attach=[str(a) for a in attachments] or None,
        )
    if sent:
        return Delivery(ok=True)
    reason = getattr(plugin, "api_rejection", None) or _warnings_from_this_thread(log.getvalue())
    return Delivery(ok=False, error=reason or "发送失败（apprise 未记录原因）")


def _instantiate(url: str, timeout_seconds: float) -> apprise.NotifyBase | None:
    """Parse `url` like apprise does, swapping in a body-checking plugin where one exists."""
    parsed = url_to_dict(url, secure_logging=True)
    if parsed is None:
        return None
    parsed.update(cto=timeout_seconds, rto=timeout_seconds)
    checked_plugin = BODY_CHECKED_PLUGINS.get(parsed["schema"])
    if checked_plugin is None:
        return apprise.Apprise.instantiate(parsed)
    try:
        return checked_plugin(**parsed)
    except TypeError:  # apprise plugins reject bad tokens/secrets this way
        return None


def _describe_without_secrets(url: str) -> str:
    scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*)://", url)
    return f"{scheme.group(1)}://…" if scheme else "缺少协议头（如 mailto://）"


# LogCapture hooks the process-wide "apprise" logger, so concurrent deliveries see each
# other's records. Tag each record with its thread and keep ours (a single-URL notify()
# runs in the calling thread). \x1e starts a record, \x1f separates the tag.
_TAGGED_LOG_FORMAT = "\x1e%(thread)d\x1f%(message)s"


def _warnings_from_this_thread(captured: str) -> str:
    ours = f"{threading.get_ident()}\x1f"
    messages = (record[len(ours):].strip().rstrip(".") for record in captured.split("\x1e") if record.startswith(ours))
    return "; ".join(m for m in messages if m)
