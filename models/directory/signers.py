"""Who may sign a sign-off request, and who signs a decision: the person themselves, or a deputy for a
principal (代签), and in which role."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models.directory.lookup import Directory
from models.domain.approval_policies import POLICIES, Stage
from models.domain.refusals import NotYourRole, OwnUnitForbidden, SelfApproval
from models.domain.transitions import Transition, find
from models.domain.vocabulary import Action, Role, State
from models.tables.approvals import ApprovalRequest
from models.tables.ledger import Item
from models.tables.meetings import Delegation
from models.tables.organisation import Person


@dataclass(frozen=True)
class Signer:
    principal: Person  # whose signature counts
    role: Role  # the role it counts in
    deputy: Person | None = None  # who actually signed, when delegated

    @property
    def names(self) -> str:
        return f"{self.deputy.name}（代{self.principal.name}）" if self.deputy else self.principal.name


def eligible_by_role(directory: Directory, item: Item, request: ApprovalRequest, stage: Stage
                     ) -> dict[Role, list[Person]]:
    """Per role of the stage, who may approve: never the requester, and not the item's own unit where the
    transition must come from outside it."""
    return eligible_for(directory, stage, state=item.current_state, action=Action(request.action),
                        lead_unit_id=item.lead_unit_id, requester_id=request.requested_by_id)


def eligible_for(directory: Directory, stage: Stage, *, state: State, action: Action, lead_unit_id: int,
                 requester_id: int) -> dict[Role, list[Person]]:
    """eligible_by_role from the columns it depends on (a listing of many requests reads only those)."""
    row = find(state, action)
    outside = row is not None and row.outside_unit
    return {role: [p for p in directory.with_role(role)
                   if p.id != requester_id and not (outside and p.unit_id == lead_unit_id)]
            for role in stage.roles}


def eligible_approvers(directory: Directory, item: Item, request: ApprovalRequest) -> list[Person]:
    """Who may still decide the request's current stage (those who have decided are not asked again)."""
    stage = POLICIES[request.policy].stages[request.stage_index]
    people = {p.id: p for group in eligible_by_role(directory, item, request, stage).values() for p in group}
    decided = {d.person.id for d in request.decisions}
    return [p for pid, p in people.items() if pid not in decided]


def signing_role(person: Person, stage: Stage) -> Role | None:
    """The role in which a person's approval helps most: smaller quorums first (the chair before members)."""
    for quorum in sorted(stage.any_of, key=lambda q: q.at_least if q.at_least != "all" else 10**6):
        if quorum.role in person.roles:
            return quorum.role
    return None


def _check_may_sign(person: Person, request: ApprovalRequest, item: Item, row: Transition, *, always_outside: bool):
    if person.id == request.requested_by_id:
        raise SelfApproval(f"「{person.name}」不能审批本人提出的{request.ref}")
    if (row.outside_unit or always_outside) and person.unit_id == item.lead_unit_id:
        raise OwnUnitForbidden(f"「{person.name}」属于{item.lead_unit.name}，不能审批本单位事项的"
                               f"{Action(request.action).label}")


def active_delegations(directory: Directory, deputy: Person, day: date) -> list[Delegation]:
    rows = directory.session.scalars(select(Delegation).where(Delegation.deputy_id == deputy.id)).all()
    return [d for d in rows if d.covers(day)]


def resolve_signer(directory: Directory, actor: Person, on_behalf_of: str | None, request: ApprovalRequest,
                   item: Item, row: Transition, stage: Stage, day: date) -> Signer:
    if actor.id == request.requested_by_id:  # whatever else is true, this is the reason to give
        raise SelfApproval(f"「{actor.name}」不能审批本人提出的{request.ref}")
    if on_behalf_of is None:
        role = signing_role(actor, stage)
        if role is not None:
            _check_may_sign(actor, request, item, row, always_outside=False)
            return Signer(actor, role)
        principals = [d.principal for d in active_delegations(directory, actor, day)
                      if signing_role(d.principal, stage)]
        if len(principals) > 1:
            names = "、".join(p.name for p in principals)
            raise NotYourRole(f"「{actor.name}」同时为{names}代签，请用 --for 指明代谁审批")
        if not principals:
            raise NotYourRole(f"「{actor.describe()}」不能审批{request.ref}；需要：{stage.describe()}")
        principal = principals[0]
    else:
        principal = directory.person(on_behalf_of)
        if not any(d.principal_id == principal.id for d in active_delegations(directory, actor, day)):
            raise NotYourRole(f"「{actor.name}」在 {day} 没有「{principal.name}」的代签授权")
    role = signing_role(principal, stage)
    if role is None:
        raise NotYourRole(f"「{principal.describe()}」不能审批{request.ref}；需要：{stage.describe()}")
    _check_may_sign(principal, request, item, row, always_outside=False)
    _check_may_sign(actor, request, item, row, always_outside=True)  # a deputy never signs for their own unit
    return Signer(principal, role, deputy=actor)
