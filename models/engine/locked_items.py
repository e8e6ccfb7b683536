"""Items and their waiting sign-off requests as the current transaction sees them.

Writers hold the audit chain's lock, so once an item has been read under it, nobody else can change it
before the transaction ends: it is read from the database once (several at a time for a batch) and then
served from here. Sign-off requests waiting on an item are kept the same way; a rolled-back savepoint
forgets them (the ones it opened are gone), and the session expires the items itself."""
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.directory.lookup import Directory
from models.domain.refusals import NotFound
from models.store.unit_of_work import UnitOfWork
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.ledger import Item


class LockedItems:
    def __init__(self, uow: UnitOfWork):
        self.uow = uow
        self._items: dict[int, Item | None] = {}  # also keeps them alive in the session's (weak) identity map
        self._requests: dict[int, list[ApprovalRequest]] = {}
        uow.on_rollback(self._requests.clear)

    @classmethod
    def of(cls, uow: UnitOfWork) -> "LockedItems":
        return uow.cached(cls, lambda: cls(uow))

    def item(self, item_id: int) -> Item:
        self.uow.lock_chain()
        if item_id not in self._items:
            self._items[item_id] = self.uow.session.get(Item, item_id, populate_existing=True)
        if self._items[item_id] is None:
            raise NotFound(f"没有事项 #{item_id}")
        return self._items[item_id]

    def load(self, item_ids: Iterable[int], actors: Iterable[str]) -> None:
        """Read many items (with their cooperating units and waiting requests), and the people acting on them
        or to be told, in a few queries."""
        self.uow.lock_chain()
        session, ids = self.uow.session, sorted(set(item_ids))
        items = session.scalars(select(Item).where(Item.id.in_(ids)).options(selectinload(Item.cooperating))
                                .execution_options(populate_existing=True)).unique().all()
        self._items.update((item.id, item) for item in items)
        units = {item.lead_unit_id for item in items} | {c.unit_id for item in items for c in item.cooperating}
        Directory.of(self.uow).load(units, actors)
        for item_id in ids:
            self._requests[item_id] = []
        for request in session.scalars(select(ApprovalRequest).where(ApprovalRequest.item_id.in_(ids),
                                                                     ApprovalRequest.status == PENDING)):
            self._requests[request.item_id].append(request)

    def pending(self, item: Item) -> list[ApprovalRequest]:
        """The item's sign-off requests still waiting."""
        if item.id not in self._requests:
            self._requests[item.id] = list(self.uow.session.scalars(select(ApprovalRequest).where(
                ApprovalRequest.item_id == item.id, ApprovalRequest.status == PENDING)))
        return [r for r in self._requests[item.id] if r.status == PENDING]

    def remember(self, request: ApprovalRequest) -> None:
        self._requests.setdefault(request.item_id, []).append(request)
