"""Driving the engine the way people do, for tests: act, decide, and bring an item to a state."""
from datetime import date

from sqlalchemy import func, select

from models.domain.approval_policies import POLICIES
from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
from models.domain.commands import ActionCommand, Change, DecisionCommand, EvidenceRef, StageTargetIn
from models.domain.transitions import Transition
from models.domain.vocabulary import Action, Role, State
from models.engine.operations import perform_action, perform_decision
from models.store.database import reading
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.outbox import OutboxMessage

EVIDENCE = EvidenceRef(sha256="ab" * 32, filename="整改佐证.pdf", size=1024)
FULL_CHANGE = Change(reason="测试理由", evidence=[EVIDENCE], new_deadline=date(2027, 6, 30), new_unit="财务处",
                     stage_targets=[StageTargetIn(text="完成阶段一", due=date(2027, 3, 31))])

# Someone holding each role, for items led by 办公室 whose responsible leader is 成员甲.
ACTOR_FOR_ROLE = {Role.liaison: "办公室联络员", Role.unit_head: "办公室主任", Role.office: "整改办甲",
                  Role.leader: "成员甲", Role.member: "成员乙", Role.chair: "组长"}
APPROVER_FOR_POLICY = {"office": ["整改办乙"], "leading_group": ["组长"]}
STANDIN_FOR_REQUESTER = {"整改办乙": ["整改办甲"], "组长": ["成员乙", "成员丙"]}


def office_today() -> date:
    """Today where the office is: what the engine, acting on the real clock, takes for today."""
    return local_day(utcnow(), DEFAULT_ZONE)


def act(db_url, item_id, action, actor, change: Change = Change(), **fields):
    change = change.model_copy(update=fields) if fields else change
    return perform_action(db_url, ActionCommand(item_id=item_id, action=Action(action), actor=actor, change=change))


def decide(db_url, request_id, actor, decision="approve", comment=None):
    return perform_decision(db_url, DecisionCommand(request_id=request_id, decision=decision, actor=actor,
                                                    comment=comment))


def actor_for(row: Transition) -> str:
    return ACTOR_FOR_ROLE[sorted(row.by)[0]]


def approve_all(db_url, request_id, policy: str, requester: str):
    approvers = APPROVER_FOR_POLICY[policy]
    if requester in approvers:
        approvers = STANDIN_FOR_REQUESTER[requester]
    outcome = None
    for approver in approvers:
        outcome = decide(db_url, request_id, approver)
    return outcome


def perform_fully(db_url, item_id, row: Transition):
    """Apply a table row with everything it may require, and see any sign-off through."""
    actor = actor_for(row)
    outcome = act(db_url, item_id, row.action, actor, FULL_CHANGE)
    if row.signoff:
        return approve_all(db_url, outcome.request_id, row.signoff, actor).fired
    return outcome


PATHS = {
    State.assigned: [],
    State.in_progress: [("start", "办公室联络员")],
    State.verified: [("start", "办公室联络员"), ("submit", "办公室联络员"), ("approve", "整改办乙")],
    State.closed: [("start", "办公室联络员"), ("submit", "办公室联络员"), ("approve", "整改办乙"),
                   ("close", "整改办甲"), ("approve", "组长")],
    State.long_term: [("mark_long_term", "办公室联络员"), ("approve", "组长")],
}


def bring_to(db_url, item_id, state: State) -> None:
    request_id = None
    for step, actor in PATHS[state]:
        if step == "approve":
            decide(db_url, request_id, actor)
        else:
            request_id = act(db_url, item_id, step, actor, FULL_CHANGE).request_id
    assert item_state(db_url, item_id) is state


def item_state(db_url, item_id) -> State:
    with reading(db_url) as session:
        return State(session.get(Item, item_id).state)


def counts(db_url) -> tuple[int, int]:
    """(audit entries, outbox rows): what a refused action must leave unchanged."""
    with reading(db_url) as session:
        return (session.scalar(select(func.count()).select_from(AuditEntry)),
                session.scalar(select(func.count()).select_from(OutboxMessage)))


def policy_names() -> list[str]:
    return list(POLICIES)
