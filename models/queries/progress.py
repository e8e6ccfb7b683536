"""What units reported and what waits on items, read in one query each however large the ledger."""
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.progress import ProgressEntry

ASKED_BY_ID = 500  # up to this many items (a page's), their waiting requests are asked for by id


def latest_progress(session: Session, *conditions) -> dict[tuple[int, int], ProgressEntry]:
    """(item id, unit id) -> that unit's latest entry on that item, among the entries meeting `conditions`."""
    rank = func.row_number().over(partition_by=(ProgressEntry.item_id, ProgressEntry.unit_id),
                                  order_by=(ProgressEntry.reported_at.desc(), ProgressEntry.id.desc()))
    ranked = select(ProgressEntry.id, rank.label("rank")).where(*conditions).subquery()
    entries = session.scalars(select(ProgressEntry).join(ranked, ranked.c.id == ProgressEntry.id)
                              .where(ranked.c.rank == 1))
    return {(e.item_id, e.unit_id): e for e in entries}


def waiting_for(session: Session, item_ids: Iterable[int]):
    """(item id, action, requested at) of the requests waiting on these items. For a page's few items they are
    asked for by id; for more, all waiting requests are read and filtered here (an IN list of a whole ledger's ids
    would exceed the databases' parameter limits: SQLite 32,766, PostgreSQL 65,535)."""
    wanted = set(item_ids)
    query = select(ApprovalRequest.item_id, ApprovalRequest.action, ApprovalRequest.requested_at).where(
        ApprovalRequest.status == PENDING).order_by(ApprovalRequest.id)
    if len(wanted) <= ASKED_BY_ID:
        return list(session.execute(query.where(ApprovalRequest.item_id.in_(wanted))))
    return [row for row in session.execute(query) if row.item_id in wanted]
