"""Deciding sign-off requests: one person's decision (or a deputy's, for a principal), a leading-group
meeting deciding many at once, and granting a delegation. Each in the caller's transaction."""
from datetime import datetime

from sqlalchemy.orm import Session

from models.store import audit_chain
from models.domain.approval_policies import POLICIES, Stage, stage_met
from models.tables.approvals import APPROVED, PENDING, REJECTED, REQUEST_STATUS_LABELS, ApprovalDecision, ApprovalRequest
from models.tables.base import utcnow
from models.domain.commands import (
    ActionOutcome, Change, DecisionCommand, DecisionOutcome, DelegationCommand, MeetingCommand, MeetingOutcome,
)
from models.directory.lookup import find_person
from models.engine.items import (
    _append, _approvals, _close_request, _eligible_by_role, eligible_approvers, fire, message_context,
    signature_meaning,
)
from models.domain.events import DELEGATION_GRANTED, MEETING_DECIDED, SIGNOFF_APPROVED, SIGNOFF_REFUSED
from models.tables.ledger import Item
from models.engine.locked_items import load_item
from models.directory.recipients import enqueue, notify
from models.domain.refusals import AlreadyDecided, InvalidInput, MissingFields, NotFound, Refused, RequestNotPending
from models.directory.signers import Signer, resolve_signer, signing_role
from models.tables.meetings import Delegation, Meeting
from models.domain.transitions import Transition, find
from models.domain.vocabulary import Action


def pending_request(session: Session, request_id: int) -> tuple[ApprovalRequest, Item, Transition, Stage]:
    request = session.get(ApprovalRequest, request_id)
    if request is None:
        raise NotFound(f"没有审批申请 #{request_id}")
    if request.status != PENDING:
        raise RequestNotPending(f"{request.ref} {REQUEST_STATUS_LABELS[request.status]}，不能再审批")
    item = load_item(session, request.item_id)
    row = find(item.current_state, Action(request.action))
    if row is None:
        raise RequestNotPending(f"{request.ref} 与{item.ref} 的当前状态「{item.current_state.label}」不符，不能再审批")
    return request, item, row, POLICIES[request.policy].stages[request.stage_index]


def _record(session: Session, request: ApprovalRequest, signer: Signer, decision: str, comment: str | None,
            now: datetime, meeting: Meeting | None = None) -> dict:
    if any(d.person.id == signer.principal.id for d in request.decisions):
        raise AlreadyDecided(f"「{signer.principal.name}」已对{request.ref} 作出过决定")
    meaning = signature_meaning(Action(request.action), request.payload) if decision == "approve" else "退回"
    row = ApprovalDecision(request_id=request.id, person=signer.principal, deputy=signer.deputy, role=signer.role.value,
                           decision=decision, meaning=meaning, comment=comment, stage_index=request.stage_index,
                           decided_at=now, meeting_id=meeting.id if meeting else None)
    session.add(row)
    request.decisions.append(row)
    return {"person": signer.principal.name, "deputy": signer.deputy.name if signer.deputy else None,
            "role": signer.role.value, "decision": decision, "meaning": meaning, "stage": request.stage_index,
            "signed_at": now.isoformat()}


def _advance(session: Session, request: ApprovalRequest, item: Item, row: Transition, actor, now: datetime
             ) -> ActionOutcome | None:
    """Move past every stage the decisions so far meet; fire the transition when the last one is met."""
    policy = POLICIES[request.policy]
    while True:
        stage = policy.stages[request.stage_index]
        eligible = {role: {p.id for p in people}
                    for role, people in _eligible_by_role(session, item, request, stage).items()}
        if not stage_met(stage, _approvals(request), eligible):
            return None
        if request.stage_index + 1 == len(policy.stages):
            _close_request(request, APPROVED, now, None)
            return fire(session, item, row, actor, Change(**request.payload), now, via=request)
        request.stage_index += 1


def decide(session: Session, cmd: DecisionCommand, now: datetime | None = None) -> DecisionOutcome:
    now = now or utcnow()
    audit_chain.lock(session)
    request, item, row, stage = pending_request(session, cmd.request_id)
    actor = find_person(session, cmd.actor)
    signer = resolve_signer(session, actor, cmd.on_behalf_of, request, item, row, stage, now.date())
    if cmd.decision == "reject" and not (cmd.comment or "").strip():
        raise MissingFields(f"退回{request.ref} 必须填写理由（--comment）")
    signature = {"request": request.id, "action": request.action,
                 **_record(session, request, signer, cmd.decision, cmd.comment, now)}
    context = message_context(item, actor, now, request=request, meaning=signature["meaning"], comment=cmd.comment,
                              signer=signer.names)
    if cmd.decision == "reject":
        _close_request(request, REJECTED, now, cmd.comment)
        entry = _append(session, item, actor, now, SIGNOFF_REFUSED, reason=cmd.comment, data=signature)
        messages = notify(session, entry, context, actor=actor, item=item, requester=request.requested_by)
        return DecisionOutcome(request_id=request.id, status=REJECTED, audit_seq=entry.seq, messages=messages)

    entry = _append(session, item, actor, now, SIGNOFF_APPROVED, reason=cmd.comment, data=signature)
    fired = _advance(session, request, item, row, actor, now)
    if fired:  # the transition's own message tells everyone concerned
        return DecisionOutcome(request_id=request.id, status=request.status, fired=fired, audit_seq=entry.seq,
                               messages=fired.messages)
    messages = notify(session, entry, context, actor=actor, item=item, requester=request.requested_by,
                      approvers=eligible_approvers(session, item, request))
    return DecisionOutcome(request_id=request.id, status=request.status, audit_seq=entry.seq, messages=messages)


def decide_at_meeting(session: Session, cmd: MeetingCommand, now: datetime | None = None) -> MeetingOutcome:
    """Record the meeting and decide every listed request — all of them, or (on any problem) none."""
    now = now or utcnow()
    audit_chain.lock(session)
    chair = find_person(session, cmd.chair)
    attendees = list({p.id: p for p in [chair, *(find_person(session, n) for n in cmd.attendees)]}.values())
    recorder = find_person(session, cmd.recorded_by)
    overlap = set(cmd.approve) & set(cmd.reject)
    if overlap:
        raise InvalidInput(f"审批申请 {'、'.join(f'#{i}' for i in sorted(overlap))} 不能同时同意和退回")
    if not cmd.approve and not cmd.reject:
        raise InvalidInput("会议没有列出要审议的审批申请（--approve / --reject）")
    meeting = Meeting(held_on=cmd.held_on, chair_id=chair.id, attendee_ids=[p.id for p in attendees],
                      minutes_sha256=cmd.minutes.sha256 if cmd.minutes else None,
                      minutes_filename=cmd.minutes.filename if cmd.minutes else None, recorded_at=now)
    session.add(meeting)
    session.flush()
    linked = {"meeting": meeting.id, "held_on": cmd.held_on.isoformat(), "chair": chair.name,
              "attendees": [p.name for p in attendees], "minutes": cmd.minutes.sha256 if cmd.minutes else None}
    problems, outcomes = [], []
    for request_id in [*cmd.approve, *cmd.reject]:
        try:
            with session.begin_nested():
                outcomes.append(_meeting_decision(session, request_id, cmd.reject.get(request_id), chair, attendees,
                                                  meeting, linked, recorder, now))
        except Refused as refusal:
            problems.append(f"审批申请 #{request_id}：{refusal.message}")
    if problems:
        raise InvalidInput(f"{meeting.ref} 未记录，请修正后重试：\n" + "\n".join(problems))
    return MeetingOutcome(meeting_id=meeting.id, decisions=outcomes)


def _meeting_decision(session, request_id, reject_reason, chair, attendees, meeting, linked, recorder, now
                      ) -> DecisionOutcome:
    request, item, row, stage = pending_request(session, request_id)
    if reject_reason is not None:
        if not reject_reason.strip():
            raise MissingFields("会议退回须写明理由")
        signer = resolve_signer(session, chair, None, request, item, row, stage, now.date())
        signatures = [_record(session, request, signer, "reject", reject_reason, now, meeting)]
        _close_request(request, REJECTED, now, reject_reason)
        entry = _append(session, item, recorder, now, MEETING_DECIDED, reason=reject_reason,
                        data={**linked, "request": request.id, "decision": "reject", "signatures": signatures})
        notify(session, entry, message_context(item, recorder, now, request=request, comment=reject_reason,
                                               meaning="退回", signer=f"{meeting.ref}"),
               actor=recorder, item=item, requester=request.requested_by)
        return DecisionOutcome(request_id=request.id, status=REJECTED, audit_seq=entry.seq, messages=0)
    signatures, fired = [], None
    while fired is None and request.status == PENDING:
        stage = POLICIES[request.policy].stages[request.stage_index]
        signers = [Signer(p, role) for p in attendees if (role := signing_role(p, stage)) is not None
                   and p.id != request.requested_by_id and not (row.outside_unit and p.unit_id == item.lead_unit_id)
                   and all(d.person.id != p.id for d in request.decisions)]
        if not signers:
            raise InvalidInput(f"出席人员的同意不足以通过：需要{stage.describe()}")
        before = request.stage_index
        signatures += [_record(session, request, s, "approve", None, now, meeting) for s in signers]
        fired = _advance(session, request, item, row, recorder, now)
        if fired is None and request.stage_index == before:
            raise InvalidInput(f"出席人员的同意不足以通过：需要{stage.describe()}")
    entry = _append(session, item, recorder, now, MEETING_DECIDED,
                    data={**linked, "request": request.id, "decision": "approve", "signatures": signatures,
                          "transition": fired.audit_seq if fired else None})
    return DecisionOutcome(request_id=request.id, status=request.status, fired=fired, audit_seq=entry.seq,
                           messages=fired.messages if fired else 0)


def grant_delegation(session: Session, cmd: DelegationCommand, now: datetime | None = None) -> Delegation:
    now = now or utcnow()
    audit_chain.lock(session)
    principal, deputy = find_person(session, cmd.principal), find_person(session, cmd.deputy)
    if principal.id == deputy.id:
        raise InvalidInput("不能委托本人代签")
    if cmd.ends < cmd.starts:
        raise InvalidInput(f"代签结束日期 {cmd.ends} 早于开始日期 {cmd.starts}")
    delegation = Delegation(principal_id=principal.id, deputy_id=deputy.id, starts=cmd.starts, ends=cmd.ends,
                            reason=cmd.reason, created_at=now)
    session.add(delegation)
    session.flush()
    entry = audit_chain.append(session, at=now, kind=DELEGATION_GRANTED, actor_id=principal.id,
                               actor_name=principal.name, reason=cmd.reason,
                               data={"delegation": delegation.id, "principal": principal.name, "deputy": deputy.name,
                                     "starts": cmd.starts.isoformat(), "ends": cmd.ends.isoformat()})
    enqueue(session, entry, [deputy], {"principal": principal.name, "deputy": deputy.name, "reason": cmd.reason,
                                       "starts": cmd.starts.isoformat(), "ends": cmd.ends.isoformat(),
                                       "at": now.isoformat(), "actor": principal.name})
    return delegation
