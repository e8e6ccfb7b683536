"""The one entry point for every change to an item: check, change, audit, enqueue — in the caller's unit of
work. Nothing else assigns an item's state. (Decisions on sign-off requests: decisions.py, meetings.py.)

Every operation first locks the audit chain's head, which serialises writers on both databases, so
each reads the item as the previous writer left it and the chain never forks."""
from datetime import datetime

from sqlalchemy import select

from models.directory.lookup import Directory
from models.directory.recipients import notify
from models.directory.signers import eligible_approvers
from models.domain.chinese_dates import cn_date
from models.domain.clock import utcnow
from models.domain.commands import ActionCommand, ActionOutcome, Change, ProgressCommand, ProgressOutcome
from models.domain.deadlines import in_window
from models.domain.events import PROGRESS_REPORTED, TRANSITION_EVENTS
from models.domain.refusals import (
    InvalidInput,
    ItemChanged,
    MissingFields,
    NotAllowedInState,
    NotYourRole,
    OwnUnitForbidden,
)
from models.domain.text import MAX_CELL_TEXT, MAX_SHORT_TEXT, within
from models.domain.transitions import Transition, allowed_actions, find
from models.domain.vocabulary import OPEN_STATES, UNIT_ROLES, Action, Field, Role, State
from models.engine.locked_items import LockedItems
from models.engine.messages import message_context
from models.engine.records import attach_evidence, change_data, item_entry, touch
from models.engine.requests import add_request, lapse_changed_requests, new_request, request_signoff
from models.store.checkpoints import publish_in
from models.store.unit_of_work import UnitOfWork
from models.tables.approvals import ApprovalRequest
from models.tables.ledger import Item, Measure, StageTarget, state_changes_allowed
from models.tables.organisation import Person
from models.tables.progress import Evidence, ProgressEntry


def apply_action(uow: UnitOfWork, cmd: ActionCommand, now: datetime | None = None) -> ActionOutcome:
    now = now or utcnow()
    item = LockedItems.of(uow).item(cmd.item_id)
    if cmd.expected_version is not None and cmd.expected_version != item.version:
        raise ItemChanged(f"{item.ref} 已被他人修改，请刷新后重试")
    actor = Directory.of(uow).person(cmd.actor)
    row = check_may_act(item, actor, cmd.action)
    check_change(uow, item, row, cmd.change)
    if row.signoff:
        return request_signoff(uow, item, row, actor, cmd.change, now)
    return fire(uow, item, row, actor, cmd.change, now)


def report_progress(uow: UnitOfWork, cmd: ProgressCommand, now: datetime | None = None) -> ProgressOutcome:
    now = now or utcnow()
    item = LockedItems.of(uow).item(cmd.item_id)
    actor = Directory.of(uow).person(cmd.actor)
    check_may_report(item, actor)
    if not cmd.text.strip():
        raise MissingFields("进展内容不能为空")
    within(cmd.text, MAX_CELL_TEXT, "进展内容")
    if item.current_state is State.assigned and actor.unit_id == item.lead_unit_id:
        fire(uow, item, find(State.assigned, Action.start), actor, Change(), now)  # reporting work starts it
    measure = _measure(item, cmd.measure)
    done = cmd.done or cmd.percent == 100
    received = min(cmd.received_at, now) if cmd.received_at else now  # never later than it was recorded
    entry_row = ProgressEntry(item_id=item.id, unit_id=actor.unit_id, person_id=actor.id, text=cmd.text.strip(),
                              percent=cmd.percent, week=cmd.week, reported_at=received, done=done,
                              measure_id=measure.id if measure else None)
    if measure and done:
        measure.done = True  # the measure is closed: the report counts it among the work completed
    uow.session.add(entry_row)
    uow.session.flush()
    entry = item_entry(uow, item, actor, now, PROGRESS_REPORTED, data={
        "progress": entry_row.id, "unit": actor.unit.name, "percent": cmd.percent, "week": cmd.week,
        **({"done": True} if done else {}), **({"measure": cmd.measure} if measure else {}),
        "evidence": [e.sha256 for e in cmd.evidence], **({"source": cmd.source} if cmd.source else {})})
    attach_evidence(uow, item, actor, cmd.evidence, entry, now, progress_id=entry_row.id)
    return ProgressOutcome(progress_id=entry_row.id, item_id=item.id, audit_seq=entry.seq)


def _measure(item: Item, position: int | None) -> Measure | None:
    """The item's n-th measure (整改措施, targets not counted), as the ledger numbers them."""
    if position is None:
        return None
    measures = [m for m in item.measures if m.kind == "measure"]
    if position > len(measures):
        raise InvalidInput(f"{item.ref} 只有 {len(measures)} 条整改措施，没有第 {position} 条")
    return measures[position - 1]


# ---- checks (also asked before anything is tried: models/engine/permissions.py) ------------------

def check_may_act(item: Item, actor: Person, action: Action) -> Transition:
    """The transition the actor may take now: refused for the item's state, the actor's role, or their own unit."""
    row = transition_or_refuse(item, action)
    check_actor(actor, item, row)
    return row


def check_may_report(item: Item, actor: Person) -> None:
    own_units = {item.lead_unit_id, *(u.id for u in item.cooperating_units)}
    if actor.unit_id not in own_units or not actor.roles & UNIT_ROLES:
        raise NotYourRole(f"「{actor.describe()}」不是{item.ref} 牵头或配合单位的联络员或负责人，不能报送进展")
    if item.current_state not in OPEN_STATES:
        raise NotAllowedInState(f"{item.ref} 当前为「{item.current_state.label}」，不能再报送进展")


def transition_or_refuse(item: Item, action: Action) -> Transition:
    row = find(item.current_state, action)
    if row is None:
        possible = "、".join(a.label for a in allowed_actions(item.current_state)) or "无"
        raise NotAllowedInState(
            f"{item.ref} 当前为「{item.current_state.label}」，不能执行「{action.label}」；可执行：{possible}")
    return row


def check_actor(actor: Person, item: Item, row: Transition) -> None:
    if not any(acts_as(actor, item, role) for role in row.by):
        who = "、".join(r.label for r in Role.ordered(row.by))
        raise NotYourRole(f"「{actor.describe()}」无权对{item.ref} 执行「{row.action.label}」；可执行者：{who}")
    if row.outside_unit and actor.unit_id == item.lead_unit_id:
        raise OwnUnitForbidden(f"「{actor.name}」属于{item.lead_unit.name}，不能对本单位的{item.ref} 执行「{row.action.label}」")


def acts_as(actor: Person, item: Item, role: Role) -> bool:
    """Whether the actor holds `role` for this item: a unit's liaison or head only for their own unit's items,
    a responsible leader only for the items in their portfolio (一岗双责, 分管领域)."""
    if role is Role.leader:
        return Role.leader in actor.roles and any(p.id == actor.id for p in item.leaders)
    return actor.has_role(role, item.lead_unit_id)


def check_change(uow: UnitOfWork, item: Item, row: Transition, change: Change) -> None:
    present = {  # asked only for what the row requires: the evidence query would flush every action of a batch
        Field.reason: lambda: bool((change.reason or "").strip()),
        Field.evidence: lambda: bool(change.evidence),
        Field.item_evidence: lambda: bool(change.evidence) or _has_evidence(uow, item),
        Field.stage_targets: lambda: bool(change.stage_targets),
        Field.new_deadline: lambda: change.new_deadline is not None,
        Field.new_unit: lambda: bool((change.new_unit or "").strip()),
    }
    missing = [f for f in Field.ordered(row.requires) if not present[f]()]
    if missing:
        raise MissingFields(f"对{item.ref} 执行「{row.action.label}」需要填写：{'、'.join(f.label for f in missing)}")
    within(change.reason, MAX_SHORT_TEXT, "理由")
    for target in change.stage_targets:
        within(target.text, MAX_SHORT_TEXT, "阶段目标")
        if target.due:
            in_window(target.due, "阶段目标日期")
    if change.new_deadline:
        in_window(change.new_deadline, "新的整改时限")
    if row.action is Action.extend and item.deadline and change.new_deadline <= item.deadline:
        raise InvalidInput(f"新的整改时限 {change.new_deadline} 应晚于现时限 {item.deadline}")
    if row.action is Action.reassign and Directory.of(uow).unit(change.new_unit).id == item.lead_unit_id:
        raise InvalidInput(f"{item.ref} 的牵头单位已是「{change.new_unit}」")


def _has_evidence(uow: UnitOfWork, item: Item) -> bool:
    return uow.session.scalar(select(Evidence.id).where(Evidence.item_id == item.id).limit(1)) is not None


# ---- firing a transition -------------------------------------------------------------------------

def fire(uow: UnitOfWork, item: Item, row: Transition, actor: Person, change: Change, now: datetime,
         via: ApprovalRequest | None = None, recorded_by: Person | None = None) -> ActionOutcome:
    """Change the item's state (or what the action changes), with its audit entry, its messages and the requests
    it lapses. `recorded_by`: the clerk who recorded a decision taken by `actor` (a meeting's chair)."""
    source = item.current_state
    target = row.target_from(source)
    opening = new_request(uow, item, find(target, row.opens), actor, change, now) if row.opens else None
    previous_unit_id = item.lead_unit_id
    effects = _apply_effects(uow, item, row, change)
    with state_changes_allowed():
        item.state = target.value
    touch(item, now)
    opened = add_request(uow, item, opening) if opening else None
    data = {**change_data(change), **effects}
    if opened is not None:
        data["opened_request"] = opened.id
    if recorded_by is not None:
        data["recorded_by"] = recorded_by.name
    if via is not None:
        data["request"] = via.id
        data["requested_by"] = via.requested_by.name
        data["signatures"] = [{"person": d.person.name, "role": d.role, "meaning": d.meaning,
                               "at": d.decided_at.isoformat()} for d in via.decisions if d.decision == "approve"]
    entry = item_entry(uow, item, actor, now, TRANSITION_EVENTS[row.action], action=row.action,
                       from_state=source, to_state=target, reason=change.reason, data=data)
    attach_evidence(uow, item, actor, change.evidence, entry, now)
    context = message_context(item, actor, now, action=row.action, change=change, source=source, target=target,
                              request=opened or via)
    if row.action is Action.close:  # every closing (销号) message publishes the chain's head, signed
        context["checkpoint"] = publish_in(uow)
    messages = notify(uow, entry, context, actor=actor, item=item,
                      requester=via.requested_by if via else None,
                      approvers=eligible_approvers(Directory.of(uow), item, opened) if opened else (),
                      previous_unit_id=previous_unit_id)
    lapse_changed_requests(uow, item, actor, now)
    return ActionOutcome(item_id=item.id, action=row.action, from_state=source, to_state=target, fired=True,
                         request_id=(opened or via).id if (opened or via) else None, audit_seq=entry.seq,
                         messages=messages)


def _apply_effects(uow: UnitOfWork, item: Item, row: Transition, change: Change) -> dict:
    if row.action is Action.extend:
        old, old_text = item.deadline, item.deadline_text
        # the new deadline in words too: every list, form and report shows the text where there is one
        item.deadline, item.deadline_kind = change.new_deadline, "date"
        item.deadline_text = cn_date(change.new_deadline)
        return {"old_deadline": old.isoformat() if old else None, "old_deadline_text": old_text}
    if row.action is Action.reassign:
        old = item.lead_unit.name
        unit = Directory.of(uow).unit(change.new_unit)
        item.lead_unit_id, item.lead_unit = unit.id, unit
        return {"old_unit": old}
    if row.action is Action.mark_long_term:
        item.stage_targets = [StageTarget(position=i, text=t.text, due=t.due)
                              for i, t in enumerate(change.stage_targets, 1)]
    return {}
