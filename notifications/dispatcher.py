"""Delivering claimed outbox rows: render, pick the address, send, record, back off on failure.

A run tries each due message at most once. A permanent failure (notifications/failures.py) gives the message up at
once and tells the office; a transient one is tried again after an exponential backoff — after a timeout, not
sooner than TIMED_OUT_BACKOFF, since the receiver may have taken the message and only been slow to say so."""
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from models.domain.addresses import channel_label, refusal, webhook_host
from models.domain.clock import utcnow
from models.domain.events import DELIVERY_FAILED
from notifications.channels import Delivery, deliver
from notifications.email_channel import SmtpSessions
from notifications.outbox_store import Claimed, Outcome, claim_due, record_results, renew
from notifications.render import render
from notifications.sink import sink_url

TIMED_OUT_BACKOFF = timedelta(minutes=15)
LEASE_MARGIN = timedelta(seconds=60)  # beyond the delivery's own timeouts: recording the result, a slow database


@dataclass(frozen=True)
class DispatchConfig:
    db_url: str
    fallback_url: str | None  # for recipients without an address
    sink_path: str  # the local sink used when no fallback URL is configured
    timezone: str = "Asia/Shanghai"
    timeout_seconds: float = 10.0
    max_attempts: int = 8
    backoff_seconds: float = 60.0
    batch_size: int = 200
    allowed_hosts: frozenset[str] = frozenset()  # internal hosts webhooks may post to (models/domain/addresses.py)
    concurrency: int = 8  # messages sent at once: a receiver's round trip, not the CPU, bounds a sequential send
    public_url: str | None = None  # the portal's address, for the links in messages (None: no links)


@dataclass
class DispatchReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "DispatchReport") -> None:
        self.sent, self.failed, self.given_up = (self.sent + other.sent, self.failed + other.failed,
                                                 self.given_up + other.given_up)
        self.errors += other.errors


def address_for(config: DispatchConfig, claimed: Claimed) -> str:
    if claimed.address:
        return claimed.address
    return config.fallback_url or sink_url(config.sink_path, claimed.recipient, claimed.key)


def retry_delay(config: DispatchConfig, attempts_so_far: int, timed_out: bool = False) -> timedelta:
    delay = timedelta(seconds=config.backoff_seconds * 2 ** attempts_so_far)
    return max(delay, TIMED_OUT_BACKOFF) if timed_out else delay


def lease_for(config: DispatchConfig) -> timedelta:
    """One row's lease, renewed when its turn comes: time for one delivery to time out connecting, sending and
    reading (an email's SMTP exchange waits several times), and to record it."""
    return LEASE_MARGIN + timedelta(seconds=4 * config.timeout_seconds)


def claim(config: DispatchConfig, now: datetime | None = None, due_before: datetime | None = None) -> list[Claimed]:
    return claim_due(config.db_url, config.batch_size, now, lease_for(config), due_before)


def send_one(config: DispatchConfig, claimed: Claimed, sessions: SmtpSessions | None = None) -> tuple[str, Delivery]:
    """(the message's title, what happened)."""
    try:
        title, body = render(claimed.event, claimed.context, config.timezone, config.public_url)
    except Exception as exc:  # a template bug must not stall the rest of the batch
        return claimed.event, Delivery(ok=False, error=f"消息模板出错（{claimed.event}）：{exc}", permanent=True)
    url = address_for(config, claimed)
    refused = _internal_target(url, config.allowed_hosts)
    if refused:
        return title, Delivery(ok=False, error=refused, permanent=True,
                               advice="改用外部地址，或在 RECTIFLOW_NOTIFY_ALLOW_HOSTS 中列出该主机")
    return title, deliver(url, title, body, timeout_seconds=config.timeout_seconds, key=claimed.key,
                          attachments=[Path(a) for a in claimed.attachments], sessions=sessions)


def alert_for(config: DispatchConfig, claimed: Claimed, title: str, delivery: Delivery) -> dict | None:
    """What the office is told about a message given up (never about an alert itself: no loop)."""
    if claimed.event == DELIVERY_FAILED:
        return None
    return {"message_id": claimed.id, "message_title": title, "recipient": claimed.recipient,
            "channel": channel_label(address_for(config, claimed)), "reason": delivery.error, "advice": delivery.advice}


def _internal_target(url: str, allowed: frozenset[str]) -> str | None:
    """Checked again at delivery, with the addresses the name resolves to now (an address in the database
    may predate the check, and a name can be pointed at an internal address later)."""
    host = webhook_host(url)
    if host is None or host in allowed:
        return None
    try:
        resolved = [info[4][0] for info in socket.getaddrinfo(host, None)]
    except (OSError, UnicodeError):
        resolved = []
    return refusal(url, allowed, resolved)


def deliver_claimed(config: DispatchConfig, batch: list[Claimed], now: datetime | None = None) -> DispatchReport:
    """Send a claimed batch in waves of `config.concurrency` messages sent at once, each wave's results recorded
    (in this thread) in one transaction before the next wave starts: a dispatcher killed between sending and
    recording sends at most one wave again, each message with its key. Emails to one server share the batch's
    connections, as many as are sent at once."""
    report = DispatchReport()
    size = max(1, config.concurrency)
    with SmtpSessions() as sessions, ThreadPoolExecutor(max_workers=min(size, len(batch)) or 1) as pool:
        for first in range(0, len(batch), size):
            wave = batch[first:first + size]
            sent = pool.map(lambda claimed: _send_if_ours(config, claimed, now, sessions), wave)
            _record(config, list(zip(wave, sent)), now, report)
    return report


def _send_if_ours(config: DispatchConfig, claimed: Claimed, now: datetime | None,
                  sessions: SmtpSessions) -> tuple[str, Delivery] | None:
    """(title, what happened), or None when the row is no longer ours and must not be sent from here."""
    if not _still_ours(config, claimed, now or utcnow()):
        return None
    return send_one(config, claimed, sessions)


def _record(config: DispatchConfig, done: list[tuple[Claimed, tuple[str, Delivery] | None]], now: datetime | None,
            report: DispatchReport) -> None:
    moment = now or utcnow()
    outcomes, deliveries = [], []
    for claimed, sent in done:
        if sent is None:
            report.errors.append(f"#{claimed.id} {claimed.recipient}: 认领已过期，由其他发送进程发送")
            continue
        title, delivery = sent
        give_up = delivery.permanent or claimed.attempts + 1 >= config.max_attempts
        outcomes.append(Outcome(claimed, delivery.ok, delivery.error, give_up,
                                moment + retry_delay(config, claimed.attempts, delivery.timed_out),
                                alert_for(config, claimed, title, delivery) if give_up else None))
        deliveries.append(delivery)
    if not outcomes:
        return
    for outcome, delivery, status in zip(outcomes, deliveries, record_results(config.db_url, outcomes, moment)):
        claimed = outcome.claimed
        if status is None:
            report.errors.append(f"#{claimed.id} {claimed.recipient}: 认领已过期，结果由其他发送进程记录")
        elif status == "sent":
            report.sent += 1
        else:
            report.errors.append(f"#{claimed.id} {claimed.recipient}: {delivery.error}")
            report.given_up += status == "dead"
            report.failed += status == "failed"


def _still_ours(config: DispatchConfig, claimed: Claimed, moment: datetime) -> bool:
    """Whether this row may be sent from here: its claim holds for the whole delivery — as claimed, or renewed now
    (then only if no other dispatcher has taken it over since its lease ran out)."""
    if claimed.until is not None and moment + lease_for(config) - LEASE_MARGIN / 2 < claimed.until:
        return True  # claimed moments ago: nobody can have taken it over
    return renew(config.db_url, claimed, moment + lease_for(config))


def dispatch_due(config: DispatchConfig, now: datetime | None = None, on_batch=None,
                 stop: threading.Event | None = None) -> DispatchReport:
    """Deliver everything due when the run starts, batch by batch; a message that fails now waits for its
    backoff and the next run, never tried twice in one run. `stop` set: no further batch (a server shutting down
    does not wait for a long backlog; what is left stays due)."""
    total = DispatchReport()
    started = now or utcnow()
    while not (stop and stop.is_set()) and (batch := claim(config, now, due_before=started)):
        result = deliver_claimed(config, batch, now)
        total.add(result)
        if on_batch:
            on_batch(len(batch), result)
    return total
