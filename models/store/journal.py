"""The transaction's audit entries and outbox rows, kept as plain rows and inserted in bulk.

A batch of 1,000 transitions writes 1,000 audit entries and thousands of messages; as ORM objects each
would cost the unit of work's bookkeeping. Here they wait in `session.info` and are inserted with one
executemany per table at the next flush (autoflush, commit, savepoint), before the ORM's own changes.
Adding rows marks the locked chain head dirty, so a flush always follows; a rollback (also of a
savepoint) discards the rows that were not yet written with it.
"""
from sqlalchemy import event, insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_dirty

from models.tables.audit import AuditEntry, AuditHead
from models.tables.outbox import OutboxMessage

_KEY = "journal"
_TABLES = (AuditEntry.__table__, OutboxMessage.__table__)  # in this order: messages refer to their entry


def add_rows(session: Session, head: AuditHead, table, rows: list[dict]) -> None:
    session.info.setdefault(_KEY, {t: [] for t in _TABLES})[table].extend(rows)
    flag_dirty(head)


@event.listens_for(Session, "before_flush")
def _write(session: Session, _flush_context, _instances) -> None:
    pending = session.info.get(_KEY)
    if not pending:
        return
    connection = session.connection()
    for table in _TABLES:
        if pending[table]:
            connection.execute(insert(table), pending[table])
            pending[table].clear()


@event.listens_for(Session, "after_soft_rollback")
def _discard(session: Session, _previous_transaction) -> None:
    session.info.pop(_KEY, None)
