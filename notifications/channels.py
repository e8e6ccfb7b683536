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
from notifications.api_body_checks import BODY_CHECKED_PLUGINS, IDEMPOTENCY_HEADER
from notifications.email_channel import EmailChecked
from notifications.failures import Failure, from_apprise_log

CHECKED_PLUGINS = {**BODY_CHECKED_PLUGINS, "mailto": EmailChecked, "mailtos": EmailChecked}
# apprise's own log (English, secrets partly masked) is read here, per delivery, and kept nowhere else: what went
# wrong is recorded with the message, in Chinese
logging.getLogger("apprise").propagate = False


@dataclass(frozen=True)
class Delivery:
    ok: bool
    error: str | None = None  # why it failed, readable (notifications/failures.py)
    permanent: bool = False  # True when retrying cannot help (a rejection that will not change by itself)
    timed_out: bool = False  # no answer in time: the receiver may have taken it
    advice: str | None = None  # what the office should do about a permanent failure

    @classmethod
    def failed(cls, failure: Failure) -> "Delivery":
        return cls(ok=False, error=failure.reason, permanent=failure.permanent, timed_out=failure.timed_out,
                   advice=failure.advice)


def deliver(
    url: str,
    title: str,
    body: str,
    *,
    timeout_seconds: float = 10.0,
    attachments: Sequence[Path] = (),
    key: str | None = None,
) -> Delivery:
    """Send Markdown `body` to `url`. Never raises for a delivery failure.

    `timeout_seconds` is the socket connect and read timeout; it overrides any cto=/rto= in the URL. `key` is the
    message's idempotency key, the same on every attempt: the email's Message-ID, an Idempotency-Key header on
    webhooks, so that a receiver can drop a repeat.
    """
    missing = [Path(a).name for a in attachments if not Path(a).is_file()]
    if missing:
        return Delivery(ok=False, error=f"附件不存在: {', '.join(missing)}")

    with apprise.LogCapture(level=logging.DEBUG, fmt=_TAGGED_LOG_FORMAT) as log:
        plugin = _instantiate(url, timeout_seconds)
        if plugin is None:
            return Delivery(ok=False, permanent=True, error=f"无法识别的通知地址: {_describe_without_secrets(url)}")
        _label(plugin, key, body)
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
    logged = _records_from_this_thread(log.getvalue())
    failure = getattr(plugin, "failure", None) or from_apprise_log([m for _, m in logged], timeout_seconds)
    if failure:
        return Delivery.failed(failure)
    warnings = "; ".join(m for level, m in logged if level in ("WARNING", "ERROR"))
    return Delivery(ok=False, error=warnings or "发送失败（apprise 未记录原因）")


def _label(plugin: apprise.NotifyBase, key: str | None, body: str) -> None:
    """Give the message its idempotency key (and email its Markdown plain-text part)."""
    if isinstance(plugin, EmailChecked):
        plugin.idempotency_key, plugin.plain_text = key, body
    elif hasattr(plugin, "idempotency_key"):
        plugin.idempotency_key = key
    elif key and isinstance(getattr(plugin, "headers", None), dict):  # json://, form://, xml://
        plugin.headers[IDEMPOTENCY_HEADER] = key


def _instantiate(url: str, timeout_seconds: float) -> apprise.NotifyBase | None:
    """Parse `url` like apprise does, swapping in a body-checking plugin where one exists."""
    parsed = url_to_dict(url, secure_logging=True)
    if parsed is None:
        return None
    parsed.update(cto=timeout_seconds, rto=timeout_seconds)
    checked_plugin = CHECKED_PLUGINS.get(parsed["schema"])
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
# other's records. Tag each record with its thread and level and keep ours (a single-URL
# notify() runs in the calling thread). \x1e starts a record, \x1f separates the fields.
_TAGGED_LOG_FORMAT = "\x1e%(thread)d\x1f%(levelname)s\x1f%(message)s"


def _records_from_this_thread(captured: str) -> list[tuple[str, str]]:
    """(level, message) of each record this thread logged, in order."""
    ours = f"{threading.get_ident()}\x1f"
    records = []
    for record in captured.split("\x1e"):
        if record.startswith(ours):
            level, _, message = record[len(ours):].partition("\x1f")
            if message.strip():
                records.append((level, message.strip().rstrip(".")))
    return records
