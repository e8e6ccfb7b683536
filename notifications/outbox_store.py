"""Claiming due outbox rows and recording delivery results: each its own short transaction.

A claim marks rows `sending` with a token and a lease. On PostgreSQL rows are picked with
FOR UPDATE SKIP LOCKED, so concurrent dispatchers take disjoint rows; on SQLite every write
transaction begins IMMEDIATE, which serialises claims. A row whose lease ran out (its dispatcher
died mid-send) is claimed again: delivery is at least once, and exactly once unless a dispatcher
dies between sending and recording.
"""
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from models.domain.clock import utcnow
from models.store.database import transaction
from models.tables.outbox import DEAD, FAILED, PENDING, SENDING, SENT, OutboxMessage

MIN_LEASE = timedelta(minutes=5)


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


def claim_due(db_url: str, limit: int, now: datetime | None = None, lease: timedelta = MIN_LEASE) -> list[Claimed]:
    """Claim up to `limit` due rows for `lease`: long enough to deliver them all, or another
    dispatcher would take over the rows not reached yet and send them too."""
    now = now or utcnow()
    token = str(uuid.uuid4())
    due = or_(
        and_(OutboxMessage.status.in_((PENDING, FAILED)), OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_until < now),
    )
    with transaction(db_url) as session:
        rows = session.scalars(
            select(OutboxMessage).where(due).order_by(OutboxMessage.id).limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.status, row.claim_token, row.claimed_until = SENDING, token, now + lease
        return [Claimed(r.id, token, r.event, r.recipient, r.address, dict(r.context), r.attempts,
                        tuple(r.attachments or ())) for r in rows]


def record_result(db_url: str, claimed: Claimed, ok: bool, error: str | None, *, give_up: bool,
                  retry_at: datetime, now: datetime | None = None) -> str | None:
    """Store one delivery's outcome, only if our claim still holds. Returns the new status, or None
    when the claim was lost (the lease ran out and another dispatcher took the row)."""
    now = now or utcnow()
    if ok:
        values = {"status": SENT, "sent_at": now, "last_error": None}
    elif give_up:
        values = {"status": DEAD, "last_error": error}
    else:
        values = {"status": FAILED, "last_error": error, "next_attempt_at": retry_at}
    with transaction(db_url) as session:
        updated = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == claimed.id, OutboxMessage.claim_token == claimed.token,
                   OutboxMessage.status == SENDING)
            .values(attempts=OutboxMessage.attempts + 1, claim_token=None, claimed_until=None, **values)
        ).rowcount
    return values["status"] if updated else None


def retry(db_url: str, message_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Put given-up (or, with ids, failed) messages back in the queue; returns how many."""
    now = now or utcnow()
    query = update(OutboxMessage).values(status=PENDING, next_attempt_at=now, attempts=0)
    query = query.where(OutboxMessage.id.in_(message_ids)) if message_ids else query.where(OutboxMessage.status == DEAD)
    with transaction(db_url) as session:
        return session.execute(query.where(OutboxMessage.status.in_((DEAD, FAILED)))).rowcount
