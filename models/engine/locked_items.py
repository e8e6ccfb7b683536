"""Items and their waiting sign-off requests as the current transaction sees them.

Writers hold the audit chain's lock, so once an item has been read under it, nobody else can change it
before the transaction ends: it is read from the database once (several at a time for a batch) and then
served from the session. Sign-off requests waiting on an item are cached the same way. A rollback of a
savepoint forgets the cached requests (the ones it opened are gone); the session expires the items itself.
"""
from collections.abc import Iterable

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from models.store import audit_chain
from models.tables.approvals import PENDING, ApprovalRequest
from models.directory.lookup import load_directory
from models.tables.ledger import Item
from models.domain.refusals import NotFound

_ITEMS, _REQUESTS = "locked_items", "pending_requests"


def load_item(session: Session, item_id: int) -> Item:
    audit_chain.lock(session)
    read = session.info.setdefault(_ITEMS, {})  # also keeps them in the session's (weak) identity map
    if item_id not in read:
        read[item_id] = session.get(Item, item_id, populate_existing=True)
    if read[item_id] is None:
        raise NotFound(f"没有事项 #{item_id}")
    return read[item_id]


def load_items(session: Session, item_ids: Iterable[int], actors: Iterable[str]) -> None:
    """Read many items (with their cooperating units and waiting requests), and the people acting on them or
    to be told, in a few queries."""
    audit_chain.lock(session)
    ids = sorted(set(item_ids))
    items = session.scalars(select(Item).where(Item.id.in_(ids)).options(selectinload(Item.cooperating))
                            .execution_options(populate_existing=True)).unique().all()
    session.info.setdefault(_ITEMS, {}).update((item.id, item) for item in items)
    units = {item.lead_unit_id for item in items} | {c.unit_id for item in items for c in item.cooperating}
    load_directory(session, units, actors)
    requests = session.info.setdefault(_REQUESTS, {})
    for item_id in ids:
        requests[item_id] = []
    for request in session.scalars(select(ApprovalRequest).where(ApprovalRequest.item_id.in_(ids),
                                                                 ApprovalRequest.status == PENDING)):
        requests[request.item_id].append(request)


def pending_requests(session: Session, item: Item) -> list[ApprovalRequest]:
    requests = session.info.setdefault(_REQUESTS, {})
    if item.id not in requests:
        requests[item.id] = list(session.scalars(select(ApprovalRequest).where(
            ApprovalRequest.item_id == item.id, ApprovalRequest.status == PENDING)))
    return [r for r in requests[item.id] if r.status == PENDING]


def remember_request(session: Session, request: ApprovalRequest) -> None:
    session.info.setdefault(_REQUESTS, {}).setdefault(request.item_id, []).append(request)


@event.listens_for(Session, "after_soft_rollback")
def _forget_requests(session: Session, _previous_transaction) -> None:
    session.info.pop(_REQUESTS, None)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_ITEMS, None)
        session.info.pop(_REQUESTS, None)
