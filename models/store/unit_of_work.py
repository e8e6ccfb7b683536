"""One transaction as one object (cosmicpython's unit of work): the session, the audit entries and outbox
messages the transaction writes, and what it has read under the audit chain's lock. Everything commits
together when the block ends normally, or nothing does.

Audit entries and outbox rows are kept as plain rows and inserted with one executemany per table at the
session's next flush (autoflush, a savepoint, the commit), before the ORM's own changes: a batch of 1,000
transitions writes thousands of them, and as ORM objects each would cost the session's bookkeeping. The
listeners that do it belong to this transaction's session only."""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import event, insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_dirty

from models.domain.via import Via
from models.store import audit_chain
from models.store.database import transaction
from models.tables.audit import AuditEntry, AuditHead
from models.tables.outbox import OutboxMessage

T = TypeVar("T")
_TABLES = (AuditEntry.__table__, OutboxMessage.__table__)  # in this order: messages refer to their entry


class UnitOfWork:
    def __init__(self, session: Session, via: Via | None = None):
        self.session = session
        self.via = via  # how the action came in: recorded on every audit entry it writes
        self._head: AuditHead | None = None
        self._pending: dict[Any, list[dict]] = {table: [] for table in _TABLES}
        self._cached: dict[Any, Any] = {}
        self._on_rollback: list[Callable[[], None]] = []
        self._after_commit: list[Callable[[], None]] = []
        event.listen(session, "before_flush", self._write_pending)
        event.listen(session, "after_soft_rollback", self._rolled_back)

    def lock_chain(self) -> AuditHead:
        """Lock the audit chain's head for the rest of the transaction: writers serialise here on both
        databases, so each reads what the previous one wrote and the chain never forks."""
        if self._head is None or self._head not in self.session:
            self._head = audit_chain.locked_head(self.session)
        return self._head

    def record(self, **fields) -> AuditEntry:
        """Append one audit entry (`fields` as for record_row); returns it as it will be stored (not attached to
        the session)."""
        return AuditEntry(**self.record_row(**fields))

    def record_row(self, *, at: datetime, kind: str, actor_id: int | None, actor_name: str,
                   campaign_id: int | None = None, item_id: int | None = None, action: str | None = None,
                   from_state: str | None = None, to_state: str | None = None, reason: str | None = None,
                   data: dict | None = None) -> dict:
        """Append one audit entry; returns its row as it will be stored (a bulk writer — a ledger's items — needs
        no object for each)."""
        head = self.lock_chain()
        data = {**(data or {}), **({"via": self.via.recorded()} if self.via else {})}
        row = audit_chain.next_entry(head, dict(
            at=at, kind=kind, actor_id=actor_id, actor_name=actor_name, campaign_id=campaign_id, item_id=item_id,
            action=action, from_state=from_state, to_state=to_state, reason=reason, data=data))
        self._add(AuditEntry.__table__, [row])
        head.seq, head.hash = row["seq"], row["hash"]
        return row

    def queue(self, messages: list[dict]) -> int:
        """Queue outbox rows, delivered after the commit (notifications/)."""
        self._add(OutboxMessage.__table__, messages)
        return len(messages)

    def cached(self, key: Any, make: Callable[[], T]) -> T:
        """What this transaction read once and keeps (the directory, the locked items): made on first use."""
        if key not in self._cached:
            self._cached[key] = make()
        return self._cached[key]

    def on_rollback(self, forget: Callable[[], None]) -> None:
        """Call `forget` when a savepoint (or the transaction) rolls back."""
        self._on_rollback.append(forget)

    def after_commit(self, then: Callable[[], None]) -> None:
        """Call `then` once the transaction has committed (never when it rolls back)."""
        self._after_commit.append(then)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part that can fail alone: on an exception only its own writes are undone."""
        with self.session.begin_nested():
            yield

    def _add(self, table, rows: list[dict]) -> None:
        self._pending[table].extend(rows)
        flag_dirty(self.lock_chain())  # so that a flush follows, and writes them

    def _write_pending(self, session: Session, _flush_context, _instances) -> None:
        connection = session.connection()
        for table in _TABLES:
            if self._pending[table]:
                connection.execute(insert(table), self._pending[table])
                self._pending[table].clear()

    def _rolled_back(self, _session: Session, _previous_transaction) -> None:
        for rows in self._pending.values():
            rows.clear()
        for forget in self._on_rollback:
            forget()


@contextmanager
def unit_of_work(db_url: str, via: Via | None = None) -> Iterator[UnitOfWork]:
    """One transaction: commit when the block ends normally, roll back on any exception."""
    with transaction(db_url) as session:
        uow = UnitOfWork(session, via)
        yield uow
    for then in uow._after_commit:
        then()
