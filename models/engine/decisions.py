"""Deciding a sign-off request: one person's decision, or a deputy's for a principal (代签), in the caller's
unit of work. The transition fires when the request's last stage is met."""
from datetime import datetime, timedelta

from models.directory.lookup import Directory
from models.directory.recipients import notify
from models.directory.signers import Signer, eligible_approvers, eligible_by_role, resolve_signer
from models.domain.approval_policies import POLICIES, Stage, stage_met
from models.domain.clock import local_day, utcnow
from models.domain.commands import ActionOutcome, Change, DecisionCommand, DecisionOutcome
from models.domain.events import SIGNOFF_APPROVED, SIGNOFF_REFUSED
from models.domain.refusals import (
    AlreadyDecided,
    MissingFields,
    NotFound,
    NotYourRole,
    ReauthRequired,
    RequestNotPending,
)
from models.domain.signatures import REJECTED_MEANING, signature_meaning
from models.domain.text import MAX_SHORT_TEXT, within
from models.domain.transitions import Transition, find
from models.domain.via import REAUTH_WINDOW_SECONDS, SignatureProof, Via
from models.domain.vocabulary import Action
from models.engine.items import fire
from models.engine.locked_items import LockedItems
from models.engine.messages import message_context
from models.engine.records import item_entry
from models.engine.requests import approvals, close_request
from models.store.unit_of_work import UnitOfWork
from models.tables.approvals import (
    APPROVED,
    PENDING,
    REJECTED,
    REQUEST_STATUS_LABELS,
    ApprovalDecision,
    ApprovalRequest,
)
from models.tables.ledger import Item
from models.tables.meetings import Meeting
from models.tables.organisation import Person


def pending_request(uow: UnitOfWork, request_id: int) -> tuple[ApprovalRequest, Item, Transition, Stage]:
    request = uow.session.get(ApprovalRequest, request_id)
    if request is None:
        raise NotFound(f"没有审批申请 #{request_id}")
    if request.status != PENDING:
        raise RequestNotPending(f"{request.ref} {REQUEST_STATUS_LABELS[request.status]}，不能再审批")
    item = LockedItems.of(uow).item(request.item_id)
    row = find(item.current_state, Action(request.action))
    if row is None:
        raise RequestNotPending(f"{request.ref} 与{item.ref} 的当前状态「{item.current_state.label}」不符，不能再审批")
    return request, item, row, POLICIES[request.policy].stages[request.stage_index]


def record_signature(uow: UnitOfWork, request: ApprovalRequest, signer: Signer, decision: str, comment: str | None,
                     now: datetime, meeting: Meeting | None = None) -> dict:
    if any(d.person.id == signer.principal.id for d in request.decisions):
        raise AlreadyDecided(f"「{signer.principal.name}」已对{request.ref} 作出过决定")
    human = signer.deputy or signer.principal  # who is signing now
    if any(human.id in (d.person.id, d.deputy.id if d.deputy else None) for d in request.decisions):
        raise AlreadyDecided(f"「{human.name}」已对{request.ref} 签署过（本人或代签）：同一人在一件申请中只计一次")
    meaning = signature_meaning(Action(request.action), request.payload) if decision == "approve" else REJECTED_MEANING
    row = ApprovalDecision(request_id=request.id, person=signer.principal, deputy=signer.deputy, role=signer.role.value,
                           decision=decision, meaning=meaning, comment=comment, stage_index=request.stage_index,
                           decided_at=now, meeting_id=meeting.id if meeting else None)
    uow.session.add(row)
    request.decisions.append(row)
    return {"person": signer.principal.name, "deputy": signer.deputy.name if signer.deputy else None,
            "role": signer.role.value, "decision": decision, "meaning": meaning, "stage": request.stage_index,
            "signed_at": now.isoformat()}


def advance(uow: UnitOfWork, request: ApprovalRequest, item: Item, row: Transition, actor: Person, now: datetime,
            recorded_by: Person | None = None) -> ActionOutcome | None:
    """Move past every stage the decisions so far meet; fire the transition when the last one is met."""
    policy = POLICIES[request.policy]
    while True:
        stage = policy.stages[request.stage_index]
        eligible = {role: {p.id for p in people}
                    for role, people in eligible_by_role(Directory.of(uow), item, request, stage).items()}
        if not stage_met(stage, approvals(request), eligible):
            return None
        if request.stage_index + 1 == len(policy.stages):
            close_request(request, APPROVED, now, None)
            return fire(uow, item, row, actor, Change(**request.payload), now, via=request, recorded_by=recorded_by)
        request.stage_index += 1


def signing_proof(via: Via | None, proof: SignatureProof | None, now: datetime) -> dict:
    """A signature proves its signer: through the web or the API only with a re-authentication just now; never
    through Prefect (its UI knows nobody); at the shell and at a meeting the office records it as such."""
    if via is None or via.channel in ("cli", "meeting"):
        return {}
    if via.channel == "prefect":
        raise NotYourRole("不能通过 Prefect 签署审批：请在门户网站或 API 中签署（需再次验证身份）")
    if proof is None or not timedelta(0) <= now - proof.at <= timedelta(seconds=REAUTH_WINDOW_SECONDS):
        raise ReauthRequired("签署审批须在签署时再次验证身份：请重新输入密码（或重新通过单点登录验证）后提交")
    return {"proof": {"method": proof.method, "at": proof.at.isoformat()}}


def decide(uow: UnitOfWork, cmd: DecisionCommand, now: datetime | None = None) -> DecisionOutcome:
    now = now or utcnow()
    request, item, row, stage = pending_request(uow, cmd.request_id)
    directory = Directory.of(uow)
    actor = directory.person(cmd.actor)
    signer = resolve_signer(directory, actor, cmd.on_behalf_of, request, item, row, stage,
                            local_day(now, item.campaign.collect_timezone))
    if cmd.decision == "reject" and not (cmd.comment or "").strip():
        raise MissingFields(f"退回{request.ref} 必须填写理由（--comment）")
    within(cmd.comment, MAX_SHORT_TEXT, "意见")
    proof = signing_proof(uow.via, cmd.proof, now)
    signature = {"request": request.id, "action": request.action, "snapshot_hash": request.snapshot_hash,
                 **record_signature(uow, request, signer, cmd.decision, cmd.comment, now), **proof}
    context = message_context(item, actor, now, request=request, meaning=signature["meaning"], comment=cmd.comment,
                              signer=signer.names)
    if cmd.decision == "reject":
        close_request(request, REJECTED, now, cmd.comment)
        entry = item_entry(uow, item, actor, now, SIGNOFF_REFUSED, reason=cmd.comment, data=signature)
        messages = notify(uow, entry, context, actor=actor, item=item, requester=request.requested_by)
        return DecisionOutcome(request_id=request.id, status=REJECTED, audit_seq=entry.seq, messages=messages)

    entry = item_entry(uow, item, actor, now, SIGNOFF_APPROVED, reason=cmd.comment, data=signature)
    fired = advance(uow, request, item, row, actor, now)
    if fired:  # the transition's own message tells everyone concerned
        return DecisionOutcome(request_id=request.id, status=request.status, fired=fired, audit_seq=entry.seq,
                               messages=fired.messages)
    messages = notify(uow, entry, context, actor=actor, item=item, requester=request.requested_by,
                      approvers=eligible_approvers(directory, item, request))
    return DecisionOutcome(request_id=request.id, status=request.status, audit_seq=entry.seq, messages=messages)
