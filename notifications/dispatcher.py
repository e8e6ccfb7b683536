"""Delivering claimed outbox rows: render, pick the address, send, record, back off on failure."""
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from models.domain.addresses import refusal, webhook_host
from models.domain.clock import utcnow
from notifications.channels import Delivery, deliver
from notifications.outbox_store import MIN_LEASE, Claimed, claim_due, record_result
from notifications.render import render
from notifications.sink import sink_url


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
    return config.fallback_url or sink_url(config.sink_path, claimed.recipient)


def retry_delay(config: DispatchConfig, attempts_so_far: int) -> timedelta:
    return timedelta(seconds=config.backoff_seconds * 2 ** attempts_so_far)


def lease_for(config: DispatchConfig) -> timedelta:
    """Time to deliver a whole batch even if every channel hangs until its timeout."""
    return max(MIN_LEASE, timedelta(seconds=2 * config.batch_size * config.timeout_seconds))


def claim(config: DispatchConfig, now: datetime | None = None) -> list[Claimed]:
    return claim_due(config.db_url, config.batch_size, now, lease_for(config))


def send_one(config: DispatchConfig, claimed: Claimed) -> Delivery:
    try:
        title, body = render(claimed.event, claimed.context, config.timezone)
    except Exception as exc:  # a template bug must not stall the rest of the batch
        return Delivery(ok=False, error=f"消息模板出错（{claimed.event}）：{exc}", permanent=True)
    url = address_for(config, claimed)
    refused = _internal_target(url, config.allowed_hosts)
    if refused:
        return Delivery(ok=False, error=refused, permanent=True)
    return deliver(url, title, body, timeout_seconds=config.timeout_seconds,
                   attachments=[Path(a) for a in claimed.attachments])


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
    report = DispatchReport()
    for claimed in batch:
        delivery = send_one(config, claimed)
        moment = now or utcnow()
        give_up = delivery.permanent or claimed.attempts + 1 >= config.max_attempts
        status = record_result(config.db_url, claimed, delivery.ok, delivery.error, give_up=give_up,
                               retry_at=moment + retry_delay(config, claimed.attempts), now=moment)
        if status is None:
            report.errors.append(f"#{claimed.id} {claimed.recipient}: 认领已过期，结果由其他发送进程记录")
        elif status == "sent":
            report.sent += 1
        else:
            report.errors.append(f"#{claimed.id} {claimed.recipient}: {delivery.error}")
            report.given_up += status == "dead"
            report.failed += status == "failed"
    return report


def dispatch_due(config: DispatchConfig, now: datetime | None = None, on_batch=None) -> DispatchReport:
    """Deliver everything due now, batch by batch, until nothing due is left."""
    total = DispatchReport()
    while batch := claim(config, now):
        result = deliver_claimed(config, batch, now)
        total.add(result)
        if on_batch:
            on_batch(len(batch), result)
    return total
