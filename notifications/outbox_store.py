"""Claiming due outbox rows and recording delivery results: each its own short transaction.

A claim marks rows `sending` with a token and a lease. On PostgreSQL rows are picked with
FOR UPDATE SKIP LOCKED, so concurrent dispatchers take disjoint rows; on SQLite every write
transaction begins IMMEDIATE, which serialises claims. The lease is per row and short: a dispatcher
renews a row's lease when its turn comes and sends only if the row is still its own, so a killed
dispatcher's rows return within minutes. Delivery is at least once, and exactly once unless a
dispatcher dies between sending and recording; every attempt at a message carries the same key
(`message_key`), so the receiver can drop the repeat.
"""
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from models.directory.recipients import office_fallback_row
from models.domain.clock import utcnow
from models.domain.events import DELIVERY_FAILED
from models.store.database import reading, transaction
from models.store.unit_of_work import unit_of_work
from models.tables.audit import AuditEntry
from models.tables.outbox import DEAD, FAILED, PENDING, SENDING, SENT, OutboxMessage

SENDER = "消息发送"  # the actor the audit log names for an undeliverable message's alert


@dataclass(frozen=True)
class Claimed:
    id: int
    token: str
    event: str
    recipient: str
    address: str
    context: dict
    attempts: int
    attachments: tuple[str, ...] = ()
    key: str = ""  # the message's idempotency key, the same on every attempt
    until: datetime | None = None  # when this claim's lease runs out (as claimed)


def message_key(entry_hash: str, message_id: int) -> str:
    """Stable for a message, unique across installations (its audit entry's hash is)."""
    return f"rectiflow-{entry_hash[:20]}-{message_id}"


def _due(now: datetime, due_before: datetime | None = None):
    return or_(
        and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == FAILED, OutboxMessage.next_attempt_at <= (due_before or now)),
        and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_until < now),
    )


def has_due(db_url: str, now: datetime | None = None) -> bool:
    """Whether any message is due: the one small query an idle dispatch loop makes."""
    with reading(db_url) as session:  # a read: no write lock taken on SQLite
        return session.scalar(select(OutboxMessage.id).where(_due(now or utcnow())).limit(1)) is not None


def claim_due(db_url: str, limit: int, now: datetime | None = None, lease: timedelta = timedelta(minutes=2),
              due_before: datetime | None = None) -> list[Claimed]:
    """Claim up to `limit` due rows for `lease`: new ones due now, failed ones whose retry was due by `due_before`
    (a run passes its start, so that nothing it tried comes round again in the same run), and rows whose lease ran
    out."""
    now = now or utcnow()
    token = str(uuid.uuid4())
    due = _due(now, due_before)
    with transaction(db_url) as session:
        rows = session.scalars(
            select(OutboxMessage).where(due).order_by(OutboxMessage.id).limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.status, row.claim_token, row.claimed_until = SENDING, token, now + lease
        hashes = dict(session.execute(select(AuditEntry.seq, AuditEntry.hash)
                                      .where(AuditEntry.seq.in_({r.audit_seq for r in rows}))).all()) if rows else {}
        return [Claimed(r.id, token, r.event, r.recipient, r.address, dict(r.context), r.attempts,
                        tuple(r.attachments or ()), message_key(hashes[r.audit_seq], r.id), now + lease) for r in rows]


def renew(db_url: str, claimed: Claimed, until: datetime) -> bool:
    """Extend our lease on one row before sending it; False when the row is no longer ours (its lease ran out and
    another dispatcher took it): then it must not be sent from here."""
    with transaction(db_url) as session:
        return session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == claimed.id, OutboxMessage.claim_token == claimed.token,
                   OutboxMessage.status == SENDING)
            .values(claimed_until=until)
        ).rowcount == 1


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to, to be recorded."""

    claimed: Claimed
    ok: bool
    error: str | None
    give_up: bool
    retry_at: datetime
    alert: dict | None = None  # what to tell the office about a message given up


def record_results(db_url: str, outcomes: list[Outcome], now: datetime | None = None) -> list[str | None]:
    """Store several deliveries' outcomes in one transaction (a commit per message would be most of a dispatch's
    time), each only if our claim on its row still holds. Returns each new status, or None where the claim was lost
    (the lease ran out and another dispatcher took the row). A message given up with an alert is recorded in the
    audit chain and the office told on its fallback channel, in the same transaction."""
    now = now or utcnow()
    with unit_of_work(db_url) as uow:
        if any(o.alert is not None and o.give_up and not o.ok for o in outcomes):
            uow.lock_chain()  # writers take the chain's head first, always in this order
        sent = _record_sent(uow.session, [o.claimed for o in outcomes if o.ok], now)
        return [(SENT if o.claimed.id in sent else None) if o.ok else _record(uow, o, now) for o in outcomes]


def _record_sent(session, claims: list[Claimed], now: datetime) -> set[int]:
    """The messages sent, recorded in two statements a claim (not one a message): those still ours, then all of
    them at once. Returns their ids."""
    recorded: set[int] = set()
    for token in {c.token for c in claims}:
        ours = set(session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.id.in_([c.id for c in claims if c.token == token]), OutboxMessage.claim_token == token,
            OutboxMessage.status == SENDING).with_for_update()))
        if ours:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ours)).values(
                attempts=OutboxMessage.attempts + 1, claim_token=None, claimed_until=None, status=SENT, sent_at=now,
                last_error=None))
        recorded |= ours
    return recorded


def _record(uow, outcome: Outcome, now: datetime) -> str | None:
    """A failed attempt: tried again later, or given up (the office told)."""
    claimed = outcome.claimed
    if outcome.give_up:
        values = {"status": DEAD, "last_error": outcome.error}
    else:
        values = {"status": FAILED, "last_error": outcome.error, "next_attempt_at": outcome.retry_at}
    updated = uow.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == claimed.id, OutboxMessage.claim_token == claimed.token,
               OutboxMessage.status == SENDING)
        .values(attempts=OutboxMessage.attempts + 1, claim_token=None, claimed_until=None, **values)
    ).rowcount
    if updated and outcome.alert is not None and outcome.give_up:
        entry = uow.record(at=now, kind=DELIVERY_FAILED, actor_id=None, actor_name=SENDER,
                           data={"message": claimed.id, "recipient": claimed.recipient, "reason": outcome.error})
        uow.queue([office_fallback_row(entry, {**outcome.alert, "at": now.isoformat()})])
    return values["status"] if updated else None


def retry(db_url: str, message_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Put given-up (or, with ids, failed) messages back in the queue; returns how many."""
    now = now or utcnow()
    query = update(OutboxMessage).values(status=PENDING, next_attempt_at=now, attempts=0)
    query = query.where(OutboxMessage.id.in_(message_ids)) if message_ids else query.where(OutboxMessage.status == DEAD)
    with transaction(db_url) as session:
        return session.execute(query.where(OutboxMessage.status.in_((DEAD, FAILED)))).rowcount
