"""One sign-off request as its page shows it: what it asks, what was submitted with it, the decisions so far, why it
no longer waits — and how the person reading it may sign (themselves, or as a deputy), as the engine would allow."""
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.directory.signers import active_delegations, eligible_approvers
from models.domain.approval_policies import POLICIES
from models.domain.commands import Change
from models.domain.refusals import NotFound
from models.domain.transitions import find
from models.domain.vocabulary import Action, Role
from models.queries.requests import RequestRow, request_row, signature_text
from models.store.database import read_only
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.ledger import Item
from models.tables.organisation import Person


class DecisionLine(BaseModel):
    person: str
    deputy: str | None
    role_label: str
    decision: str  # approve / reject
    meaning: str
    comment: str | None
    decided_at: datetime
    meeting_id: int | None
    signature: str  # as every listing words it: 李明华（郑国栋代签）：同意销号


class RequestPage(BaseModel):
    request: RequestRow
    change: Change  # what came with the request: reason, evidence, new deadline, stage targets…
    stage: str  # the stage it waits at, e.g. 第 1/2 级：任一整改办
    decisions: list[DecisionLine]
    closed_at: datetime | None
    closing_reason: str | None
    stale: str | None  # pending, but the item has since moved to a state it no longer fits
    may_sign: bool  # the reader may sign it themselves
    deputy_for: list[str]  # principals the reader may sign it for (代签), by active delegation
    involved: bool  # the reader requested it, signed it, or may sign it now (whoever else reads it must be
    # allowed to read its item: readers.check_may_read_item)


@read_only
def request_page(session: Session, request_id: int, reader_id: int, today: date) -> RequestPage:
    request = session.get(ApprovalRequest, request_id)
    if request is None:
        raise NotFound(f"没有审批申请 #{request_id}")
    item = session.get(Item, request.item_id)
    reader = session.get(Person, reader_id)
    directory = Directory(session)
    pending = request.status == PENDING
    fits = find(item.current_state, Action(request.action)) is not None
    approvers = eligible_approvers(directory, item, request) if pending and fits else []
    policy = POLICIES[request.policy]
    may_sign, deputy_for = _signing_options(directory, reader, request, item, approvers, today)
    return RequestPage(
        request=request_row(request, item, approvers),
        change=Change.model_validate(request.payload),
        stage=f"第 {request.stage_index + 1}/{len(policy.stages)} 级："
              f"{policy.stages[request.stage_index].describe()}",
        decisions=[DecisionLine(person=d.person.name, deputy=d.deputy.name if d.deputy else None,
                                role_label=Role(d.role).label, decision=d.decision, meaning=d.meaning,
                                comment=d.comment, decided_at=d.decided_at, meeting_id=d.meeting_id,
                                signature=signature_text(d)) for d in request.decisions],
        closed_at=request.closed_at, closing_reason=request.closing_reason,
        stale=None if fits or not pending else
        f"事项当前状态为「{item.current_state.label}」，与本申请不符，已不能审批",
        may_sign=may_sign, deputy_for=deputy_for,
        involved=may_sign or bool(deputy_for) or reader.id == request.requested_by_id
        or any(reader.id in (d.person.id, d.deputy.id if d.deputy else None) for d in request.decisions))


def _signing_options(directory: Directory, reader: Person, request: ApprovalRequest, item: Item,
                     approvers: list[Person], today: date) -> tuple[bool, list[str]]:
    """What the sign form offers; the engine (signers.resolve_signer) still decides every signature."""
    signed = {d.person.id for d in request.decisions} | {d.deputy.id for d in request.decisions if d.deputy}
    if not approvers or reader.id in signed or reader.id == request.requested_by_id:
        return False, []
    eligible = {p.id for p in approvers}
    may_sign = reader.id in eligible
    own_unit = reader.unit_id is not None and reader.unit_id == item.lead_unit_id  # a deputy never signs for it
    deputy_for = [] if own_unit else [d.principal.name for d in active_delegations(directory, reader, today)
                                      if d.principal_id in eligible]
    return may_sign, list(dict.fromkeys(deputy_for))

