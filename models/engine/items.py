"""The one entry point for every change to an item: check, change, audit, enqueue — in the caller's
transaction. Nothing else assigns an item's state. (Decisions on sign-off requests: models/signoff.py.)

Every operation first locks the audit chain's head, which serialises writers on both databases, so
each reads the item as the previous writer left it and the chain never forks.
"""
from datetime import datetime

from sqlalchemy.orm import Session

from models.store import audit_chain
from models.domain.approval_policies import POLICIES, Stage
from models.tables.approvals import LAPSED, PENDING, ApprovalRequest
from models.tables.audit import AuditEntry
from models.tables.base import utcnow
from models.domain.commands import (
    ActionCommand, ActionOutcome, Change, ProgressCommand, ProgressOutcome,
)
from models.directory.lookup import find_person, find_unit, people_with_role
from models.domain.events import (
    PROGRESS_REPORTED, SIGNOFF_LAPSED, SIGNOFF_REQUESTED, TRANSITION_EVENTS,
)
from models.engine.snapshot import snapshot_hash
from models.tables.ledger import Item, StageTarget, state_changes_allowed
from models.engine.locked_items import load_item, pending_requests, remember_request
from models.tables.organisation import Person
from models.directory.recipients import notify
from models.tables.progress import Evidence, ProgressEntry
from models.domain.refusals import (
    AlreadyPending, InvalidInput, ItemChanged, MissingFields, NoApprovers, NotAllowedInState,
    NotYourRole, OwnUnitForbidden,
)
from models.domain.transitions import Transition, allowed_actions, find
from models.domain.vocabulary import Action, Field, Role, State, UNIT_ROLES

REPORTABLE_STATES = (State.assigned, State.in_progress, State.long_term)


# ---- the three operations ------------------------------------------------------------------------

def apply_action(session: Session, cmd: ActionCommand, now: datetime | None = None) -> ActionOutcome:
    now = now or utcnow()
    audit_chain.lock(session)
    item = load_item(session, cmd.item_id)
    if cmd.expected_version is not None and cmd.expected_version != item.version:
        raise ItemChanged(f"{item.ref} 已被他人修改，请刷新后重试")
    actor = find_person(session, cmd.actor)
    row = transition_or_refuse(item, cmd.action)
    check_actor(actor, item, row)
    check_change(session, item, row, cmd.change)
    if row.signoff:
        return _request_signoff(session, item, row, actor, cmd.change, now)
    return fire(session, item, row, actor, cmd.change, now)


def report_progress(session: Session, cmd: ProgressCommand, now: datetime | None = None) -> ProgressOutcome:
    now = now or utcnow()
    audit_chain.lock(session)
    item = load_item(session, cmd.item_id)
    actor = find_person(session, cmd.actor)
    own_units = {item.lead_unit_id, *(u.id for u in item.cooperating_units)}
    if actor.unit_id not in own_units or not actor.roles & UNIT_ROLES:
        raise NotYourRole(f"「{actor.describe()}」不是{item.ref} 牵头或配合单位的联络员或负责人，不能报送进展")
    if item.current_state not in REPORTABLE_STATES:
        raise NotAllowedInState(f"{item.ref} 当前为「{item.current_state.label}」，不能再报送进展")
    if not cmd.text.strip():
        raise MissingFields("进展内容不能为空")
    if item.current_state is State.assigned and actor.unit_id == item.lead_unit_id:
        fire(session, item, find(State.assigned, Action.start), actor, Change(), now)  # reporting work starts it
    entry_row = ProgressEntry(item_id=item.id, unit_id=actor.unit_id, person_id=actor.id, text=cmd.text.strip(),
                              percent=cmd.percent, week=cmd.week, reported_at=now)
    session.add(entry_row)
    session.flush()
    entry = _append(session, item, actor, now, PROGRESS_REPORTED, data={
        "progress": entry_row.id, "unit": actor.unit.name, "percent": cmd.percent, "week": cmd.week,
        "evidence": [e.sha256 for e in cmd.evidence]})
    _attach_evidence(session, item, actor, cmd.evidence, entry, now, progress_id=entry_row.id)
    return ProgressOutcome(progress_id=entry_row.id, item_id=item.id, audit_seq=entry.seq)


# ---- checks --------------------------------------------------------------------------------------

def transition_or_refuse(item: Item, action: Action) -> Transition:
    row = find(item.current_state, action)
    if row is None:
        possible = "、".join(a.label for a in allowed_actions(item.current_state)) or "无"
        raise NotAllowedInState(
            f"{item.ref} 当前为「{item.current_state.label}」，不能执行「{action.label}」；可执行：{possible}")
    return row


def check_actor(actor: Person, item: Item, row: Transition) -> None:
    if not any(actor.has_role(role, item.lead_unit_id) or _is_item_leader(actor, item, role) for role in row.by):
        who = "、".join(r.label for r in Role.ordered(row.by))
        raise NotYourRole(f"「{actor.describe()}」无权对{item.ref} 执行「{row.action.label}」；可执行者：{who}")
    if row.outside_unit and actor.unit_id == item.lead_unit_id:
        raise OwnUnitForbidden(f"「{actor.name}」属于{item.lead_unit.name}，不能对本单位的{item.ref} 执行「{row.action.label}」")


def _is_item_leader(actor: Person, item: Item, role: Role) -> bool:
    return role is Role.leader and item.leader_id == actor.id and Role.leader in actor.roles


def check_change(session: Session, item: Item, row: Transition, change: Change) -> None:
    present = {
        Field.reason: bool((change.reason or "").strip()),
        Field.evidence: bool(change.evidence),
        Field.stage_targets: bool(change.stage_targets),
        Field.new_deadline: change.new_deadline is not None,
        Field.new_unit: bool((change.new_unit or "").strip()),
    }
    missing = [f for f in Field.ordered(row.requires) if not present[f]]
    if missing:
        raise MissingFields(f"对{item.ref} 执行「{row.action.label}」需要填写：{'、'.join(f.label for f in missing)}")
    if row.action is Action.extend and item.deadline and change.new_deadline <= item.deadline:
        raise InvalidInput(f"新的整改时限 {change.new_deadline} 应晚于现时限 {item.deadline}")
    if row.action is Action.reassign and find_unit(session, change.new_unit).id == item.lead_unit_id:
        raise InvalidInput(f"{item.ref} 的牵头单位已是「{change.new_unit}」")


# ---- sign-off ------------------------------------------------------------------------------------

def _request_signoff(session, item, row, actor, change, now) -> ActionOutcome:
    request = add_request(session, item, new_request(session, item, row, actor, change, now))
    _touch(item, now)
    entry = _append(session, item, actor, now, SIGNOFF_REQUESTED, action=row.action, reason=change.reason,
                    data={"request": request.id, "policy": request.policy, **_change_data(change)})
    context = message_context(item, actor, now, action=row.action, change=change, request=request)
    messages = notify(session, entry, context, actor=actor, item=item, requester=actor,
                      approvers=eligible_approvers(session, item, request))
    s = item.current_state
    return ActionOutcome(item_id=item.id, action=row.action, from_state=s, to_state=s, fired=False,
                         request_id=request.id, audit_seq=entry.seq, messages=messages)


def new_request(session: Session, item: Item, row: Transition, requester: Person, change: Change,
                now: datetime) -> ApprovalRequest:
    """A sign-off request ready to add; refused, with nothing written, if one waits or nobody could approve."""
    pending = next((r for r in pending_requests(session, item) if r.action == row.action.value), None)
    if pending is not None:
        raise AlreadyPending(f"{item.ref} 已有待审批的「{row.action.label}」申请（{pending.ref}）")
    request = ApprovalRequest(item_id=item.id, action=row.action.value, policy=row.signoff, status=PENDING,
                              stage_index=0, requested_by_id=requester.id, requested_by=requester, requested_at=now,
                              payload=change.model_dump(mode="json"))
    if not eligible_approvers(session, item, request):
        raise NoApprovers(f"组织目录中没有能审批{item.ref} 「{row.action.label}」的人员"
                          f"（需要：{POLICIES[row.signoff].describe()}）")
    return request


def add_request(session: Session, item: Item, request: ApprovalRequest) -> ApprovalRequest:
    request.snapshot_hash = snapshot_hash(item)
    session.add(request)
    session.flush()  # its id goes into the audit entry and the messages
    remember_request(session, request)
    return request


def eligible_approvers(session: Session, item: Item, request: ApprovalRequest) -> list[Person]:
    stage = POLICIES[request.policy].stages[request.stage_index]
    people = {p.id: p for group in _eligible_by_role(session, item, request, stage).values() for p in group}
    decided = {d.person.id for d in request.decisions}
    return [p for pid, p in people.items() if pid not in decided]


def _eligible_by_role(session, item, request, stage: Stage) -> dict[Role, list[Person]]:
    row = find(item.current_state, Action(request.action))
    outside = row is not None and row.outside_unit
    result: dict[Role, list[Person]] = {}
    for role in stage.roles:
        result[role] = [p for p in people_with_role(session, role)
                        if p.id != request.requested_by_id and not (outside and p.unit_id == item.lead_unit_id)]
    return result


def _approvals(request: ApprovalRequest) -> dict[int, frozenset[Role]]:
    return {d.person.id: d.person.roles for d in request.decisions
            if d.decision == "approve" and d.stage_index == request.stage_index}


def _close_request(request: ApprovalRequest, status: str, now: datetime, reason: str | None) -> None:
    request.status, request.closed_at, request.closing_reason = status, now, reason


def signature_meaning(action: Action, payload: dict) -> str:
    if action is Action.extend:
        return f"同意延期至{payload.get('new_deadline')}"
    return {Action.close: "同意销号", Action.mark_long_term: "同意列为长期整改", Action.verify: "同意验收",
            Action.reopen: "同意重新整改"}.get(action, f"同意{action.label}")


def _lapse_changed_requests(session: Session, item: Item, actor: Person, now: datetime) -> None:
    waiting = pending_requests(session, item)
    current = snapshot_hash(item) if waiting else None
    for request in waiting:
        if request.snapshot_hash == current:
            continue
        reason = f"{item.ref} 在审批期间已变更，申请失效，请按最新情况重新提出"
        _close_request(request, LAPSED, now, reason)
        entry = _append(session, item, actor, now, SIGNOFF_LAPSED, action=Action(request.action), reason=reason,
                        data={"request": request.id})
        notify(session, entry, message_context(item, actor, now, request=request, reason=reason),
               item=item, requester=request.requested_by)


# ---- firing a transition -------------------------------------------------------------------------

def fire(session: Session, item: Item, row: Transition, actor: Person, change: Change, now: datetime,
         via: ApprovalRequest | None = None) -> ActionOutcome:
    source = item.current_state
    target = row.target_from(source)
    opening = new_request(session, item, find(target, row.opens), actor, change, now) if row.opens else None
    previous_unit_id = item.lead_unit_id
    effects = _apply_effects(session, item, row, change)
    with state_changes_allowed():
        item.state = target.value
    _touch(item, now)
    opened = add_request(session, item, opening) if opening else None
    data = {**_change_data(change), **effects}
    if opened is not None:
        data["opened_request"] = opened.id
    if via is not None:
        data["request"] = via.id
        data["requested_by"] = via.requested_by.name
        data["signatures"] = [{"person": d.person.name, "role": d.role, "meaning": d.meaning,
                               "at": d.decided_at.isoformat()} for d in via.decisions if d.decision == "approve"]
    entry = _append(session, item, actor, now, TRANSITION_EVENTS[row.action], action=row.action,
                    from_state=source, to_state=target, reason=change.reason, data=data)
    _attach_evidence(session, item, actor, change.evidence, entry, now)
    context = message_context(item, actor, now, action=row.action, change=change, source=source, target=target,
                              request=opened or via)
    messages = notify(session, entry, context, actor=actor, item=item,
                      requester=via.requested_by if via else None,
                      approvers=eligible_approvers(session, item, opened) if opened else (),
                      previous_unit_id=previous_unit_id)
    _lapse_changed_requests(session, item, actor, now)
    return ActionOutcome(item_id=item.id, action=row.action, from_state=source, to_state=target, fired=True,
                         request_id=(opened or via).id if (opened or via) else None, audit_seq=entry.seq,
                         messages=messages)


def _apply_effects(session: Session, item: Item, row: Transition, change: Change) -> dict:
    if row.action is Action.extend:
        old = item.deadline
        item.deadline, item.deadline_kind = change.new_deadline, "date"
        return {"old_deadline": old.isoformat() if old else None}
    if row.action is Action.reassign:
        old = item.lead_unit.name
        unit = find_unit(session, change.new_unit)
        item.lead_unit_id, item.lead_unit = unit.id, unit
        return {"old_unit": old}
    if row.action is Action.mark_long_term:
        item.stage_targets = [StageTarget(position=i, text=t.text, due=t.due)
                              for i, t in enumerate(change.stage_targets, 1)]
    return {}


def _touch(item: Item, now: datetime) -> None:
    item.updated_at = now  # any UPDATE of the row bumps its version (optimistic locking)


def _change_data(change: Change) -> dict:
    data = change.model_dump(mode="json", exclude_defaults=True, exclude={"reason"})
    if change.evidence:
        data["evidence"] = [{"sha256": e.sha256, "filename": e.filename} for e in change.evidence]
    return data


def _attach_evidence(session, item, actor, evidence, entry, now, progress_id=None) -> None:
    session.add_all(Evidence(item_id=item.id, sha256=e.sha256, filename=e.filename, size=e.size,
                             added_by_id=actor.id, progress_entry_id=progress_id, audit_seq=entry.seq,
                             added_at=now) for e in evidence)


def _append(session, item: Item, actor: Person, now: datetime, kind: str, *, action: Action | None = None,
            from_state: State | None = None, to_state: State | None = None, reason: str | None = None,
            data: dict | None = None) -> AuditEntry:
    return audit_chain.append(
        session, at=now, kind=kind, actor_id=actor.id, actor_name=actor.name, campaign_id=item.campaign_id,
        item_id=item.id, action=action.value if action else None,
        from_state=from_state.value if from_state else None, to_state=to_state.value if to_state else None,
        reason=reason, data=data or {})


def message_context(item: Item, actor: Person, now: datetime, *, action: Action | None = None,
                    change: Change | None = None, source: State | None = None, target: State | None = None,
                    request: ApprovalRequest | None = None, **extra) -> dict:
    """Everything a template may show, frozen at the time of the event (plain JSON)."""
    context = {
        "item_id": item.id, "number": item.number, "text": item.text, "campaign": item.campaign.title,
        "aspect": item.aspect.title, "unit": item.lead_unit.name,
        "leader": item.leader.name if item.leader else None,
        "deadline": item.deadline.isoformat() if item.deadline else None, "deadline_text": item.deadline_text,
        "state": item.current_state.label, "actor": actor.name, "actor_desc": actor.describe(),
        "at": now.isoformat(),
    }
    if action is not None:
        context["action"] = action.label
    if source is not None:
        context["from_state"], context["to_state"] = source.label, target.label
    if change is not None:
        context.update(reason=change.reason, new_deadline=change.new_deadline.isoformat() if change.new_deadline else None,
                       new_unit=change.new_unit, evidence=[e.filename for e in change.evidence],
                       stage_targets=[{"text": t.text, "due": t.due.isoformat() if t.due else None}
                                      for t in change.stage_targets])
    if request is not None:
        context.update(request_id=request.id, request_action=Action(request.action).label,
                       policy=POLICIES[request.policy].describe(), requested_by=request.requested_by.name)
    context.update({k: v for k, v in extra.items() if v is not None})
    return context
