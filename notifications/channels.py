"""Deliver one message to one apprise URL and report exactly what happened."""

import copy
import functools
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import apprise
from apprise.plugins import url_to_dict

from notifications import sink  # noqa: F401  (registers sink://)
from notifications.api_body_checks import BODY_CHECKED_PLUGINS, IDEMPOTENCY_HEADER
from notifications.email_channel import EmailChecked, SmtpSessions
from notifications.failures import Failure, from_apprise_log

CHECKED_PLUGINS = {**BODY_CHECKED_PLUGINS, "mailto": EmailChecked, "mailtos": EmailChecked}
# apprise's own log (English, secrets partly masked) is read here, per delivery, and kept nowhere else: what went
# wrong is recorded with the message, in Chinese
logging.getLogger("apprise").propagate = False


class _PerThreadRecords(logging.Handler):
    """apprise's log, kept per thread while that thread delivers: deliveries run several at a time
    (notifications/dispatcher.py), and each must read only what its own attempt logged. Installed once:
    apprise.LogCapture adds and removes a handler and the logger's level per call, which races between threads."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        records = getattr(self._local, "records", None)
        if records is not None:
            records.append((record.levelname, record.getMessage().strip().rstrip(".")))

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, str]]]:
        self._local.records = records = []
        try:
            yield records
        finally:
            self._local.records = None


_APPRISE_LOG = _PerThreadRecords()
logging.getLogger("apprise").addHandler(_APPRISE_LOG)
logging.getLogger("apprise").setLevel(logging.DEBUG)


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
    sessions: SmtpSessions | None = None,
) -> Delivery:
    """Send Markdown `body` to `url`. Never raises for a delivery failure.

    `timeout_seconds` is the socket connect and read timeout; it overrides any cto=/rto= in the URL. `key` is the
    message's idempotency key, the same on every attempt: the email's Message-ID, an Idempotency-Key header on
    webhooks, so that a receiver can drop a repeat. `sessions`: a dispatch run's kept SMTP connections (an email goes
    over an idle one to the same server; notifications/email_channel.py).
    """
    missing = [Path(a).name for a in attachments if not Path(a).is_file()]
    if missing:
        return Delivery(ok=False, error=f"附件不存在: {', '.join(missing)}")

    with _APPRISE_LOG.recording() as logged:
        plugin = _instantiate(url, timeout_seconds)
        if plugin is None:
            return Delivery(ok=False, permanent=True, error=f"无法识别的通知地址: {_describe_without_secrets(url)}")
        _label(plugin, key, body, sessions)
        sender = _sender()
        sender.clear()  # this delivery's plugin alone: nothing of another delivery's is kept
        sender.add(plugin)
        sent = sender.notify(
            body=body,
            title=title,
            body_format=apprise.NotifyFormat.MARKDOWN,
            attach=[str(a) for a in attachments] or None,
        )
    if sent:
        return Delivery(ok=True)
    logged = [(level, message) for level, message in logged if message]
    failure = getattr(plugin, "failure", None) or from_apprise_log([m for _, m in logged], timeout_seconds)
    if failure:
        return Delivery.failed(failure)
    warnings = "; ".join(m for level, m in logged if level in ("WARNING", "ERROR"))
    return Delivery(ok=False, error=warnings or "发送失败（apprise 未记录原因）")


def _sender() -> apprise.Apprise:
    """This thread's Apprise object (each new one looked for its translations on disk: 15 % of a dispatch's time)."""
    sender = getattr(_SENDERS, "sender", None)
    if sender is None:
        sender = _SENDERS.sender = apprise.Apprise()
    return sender


_SENDERS = threading.local()


def _label(plugin: apprise.NotifyBase, key: str | None, body: str, sessions: SmtpSessions | None) -> None:
    """Give the message its idempotency key (and email its Markdown plain-text part and the run's connections)."""
    if isinstance(plugin, EmailChecked):
        plugin.idempotency_key, plugin.plain_text, plugin.sessions = key, body, sessions
    elif hasattr(plugin, "idempotency_key"):
        plugin.idempotency_key = key
    elif key and isinstance(getattr(plugin, "headers", None), dict):  # json://, form://, xml://
        plugin.headers[IDEMPOTENCY_HEADER] = key


def _instantiate(url: str, timeout_seconds: float) -> apprise.NotifyBase | None:
    """Parse `url` like apprise does, swapping in a body-checking plugin where one exists."""
    parsed = _parsed(url)
    if parsed is None:
        return None
    parsed = {**copy.deepcopy(parsed), "cto": timeout_seconds, "rto": timeout_seconds}
    checked_plugin = CHECKED_PLUGINS.get(parsed["schema"])
    if checked_plugin is None:
        return apprise.Apprise.instantiate(parsed)
    try:
        return checked_plugin(**parsed)
    except TypeError:  # apprise plugins reject bad tokens/secrets this way
        return None


@functools.lru_cache(maxsize=4096)
def _parsed(url: str) -> dict | None:
    """apprise's reading of an address, kept: a person's address is the same on every message (≈ 1 ms each).
    Callers copy it (deeply: a plugin may keep and change what it is given)."""
    return url_to_dict(url, secure_logging=True)


def _describe_without_secrets(url: str) -> str:
    scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*)://", url)
    return f"{scheme.group(1)}://…" if scheme else "缺少协议头（如 mailto://）"
