"""Sign-off requests' lifecycle on the engine's side: opening one (refused if one waits or nobody could
approve), closing it, and lapsing those whose item changed while they waited."""
from collections.abc import Iterable
from datetime import datetime

from models.directory.lookup import Directory
from models.directory.recipients import notify
from models.directory.signers import eligible_approvers
from models.domain.approval_policies import POLICIES
from models.domain.commands import ActionOutcome, Change
from models.domain.events import SIGNOFF_LAPSED, SIGNOFF_REQUESTED
from models.domain.refusals import AlreadyPending, NoApprovers
from models.domain.transitions import Transition
from models.domain.vocabulary import Action, Role
from models.engine.locked_items import LockedItems
from models.engine.messages import message_context
from models.engine.records import change_data, item_entry, touch
from models.engine.snapshot import snapshot_hash
from models.store.unit_of_work import UnitOfWork
from models.tables.approvals import LAPSED, PENDING, ApprovalRequest
from models.tables.ledger import Item
from models.tables.organisation import Person


def request_signoff(uow: UnitOfWork, item: Item, row: Transition, actor: Person, change: Change,
                    now: datetime) -> ActionOutcome:
    """The action waits for its sign-off: open the request and tell who may approve it."""
    request = add_request(uow, item, new_request(uow, item, row, actor, change, now))
    touch(item, now)
    entry = item_entry(uow, item, actor, now, SIGNOFF_REQUESTED, action=row.action, reason=change.reason,
                       data={"request": request.id, "policy": request.policy, **change_data(change)})
    context = message_context(item, actor, now, action=row.action, change=change, request=request)
    messages = notify(uow, entry, context, actor=actor, item=item, requester=actor,
                      approvers=eligible_approvers(Directory.of(uow), item, request))
    s = item.current_state
    return ActionOutcome(item_id=item.id, action=row.action, from_state=s, to_state=s, fired=False,
                         request_id=request.id, audit_seq=entry.seq, messages=messages)


def new_request(uow: UnitOfWork, item: Item, row: Transition, requester: Person, change: Change,
                now: datetime) -> ApprovalRequest:
    """A sign-off request ready to add; refused, with nothing written, if one waits or nobody could approve."""
    pending = waiting_request(LockedItems.of(uow).pending(item), row.action)
    if pending is not None:
        raise AlreadyPending(f"{item.ref} 已有待审批的「{row.action.label}」申请（{pending.ref}）")
    request = ApprovalRequest(item_id=item.id, action=row.action.value, policy=row.signoff, status=PENDING,
                              stage_index=0, requested_by_id=requester.id, requested_by=requester, requested_at=now,
                              payload=change.model_dump(mode="json"))
    if not eligible_approvers(Directory.of(uow), item, request):
        raise NoApprovers(f"组织目录中没有能审批{item.ref} 「{row.action.label}」的人员"
                          f"（需要：{POLICIES[row.signoff].describe()}）")
    return request


def waiting_request(pending: Iterable[ApprovalRequest], action: Action) -> ApprovalRequest | None:
    """The item's request for `action` already waiting, if one is: an item has one at a time for each action."""
    return next((r for r in pending if r.action == action.value), None)


def add_request(uow: UnitOfWork, item: Item, request: ApprovalRequest) -> ApprovalRequest:
    request.snapshot_hash = snapshot_hash(item)
    uow.session.add(request)
    uow.session.flush()  # its id goes into the audit entry and the messages
    LockedItems.of(uow).remember(request)
    return request


def approvals(request: ApprovalRequest) -> dict[int, frozenset[Role]]:
    """Who approved the request's current stage, with the roles they hold."""
    return {d.person.id: d.person.roles for d in request.decisions
            if d.decision == "approve" and d.stage_index == request.stage_index}


def close_request(request: ApprovalRequest, status: str, now: datetime, reason: str | None) -> None:
    request.status, request.closed_at, request.closing_reason = status, now, reason


def lapse_changed_requests(uow: UnitOfWork, item: Item, actor: Person, now: datetime) -> None:
    """A request signs the item as it was: if it changed while the request waited, the request lapses."""
    waiting = LockedItems.of(uow).pending(item)
    current = snapshot_hash(item) if waiting else None
    for request in waiting:
        if request.snapshot_hash == current:
            continue
        reason = f"{item.ref} 在审批期间已变更，申请失效，请按最新情况重新提出"
        close_request(request, LAPSED, now, reason)
        entry = item_entry(uow, item, actor, now, SIGNOFF_LAPSED, action=Action(request.action), reason=reason,
                           data={"request": request.id})
        notify(uow, entry, message_context(item, actor, now, request=request, reason=reason),
               item=item, requester=request.requested_by)
