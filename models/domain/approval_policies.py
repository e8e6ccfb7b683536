"""Approval policies as data: ordered stages, each met when any one of its quorums is met."""
from dataclasses import dataclass
from typing import Literal

from models.domain.vocabulary import Role


@dataclass(frozen=True)
class Quorum:
    role: Role
    at_least: int | Literal["all"] = 1

    def describe(self) -> str:
        if self.at_least == "all":
            return f"全体{self.role.label}"
        if self.at_least == 1:
            return f"任一{self.role.label}"
        return f"任意{self.at_least}名{self.role.label}"


@dataclass(frozen=True)
class Stage:
    any_of: tuple[Quorum, ...]

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(q.role for q in self.any_of)

    def describe(self) -> str:
        return "或".join(q.describe() for q in self.any_of)


@dataclass(frozen=True)
class ApprovalPolicy:
    name: str
    label: str
    stages: tuple[Stage, ...]

    def describe(self) -> str:
        return "，然后".join(stage.describe() for stage in self.stages) + "同意"


POLICIES: dict[str, ApprovalPolicy] = {
    policy.name: policy
    for policy in (
        ApprovalPolicy("office", "整改办验收", (Stage((Quorum(Role.office),)),)),
        ApprovalPolicy(
            "leading_group",
            "领导小组审批",
            (Stage((Quorum(Role.member, 2), Quorum(Role.chair))),),
        ),
    )
}


def stage_met(stage: Stage, approvals: dict[int, frozenset[Role]], eligible: dict[Role, set[int]]) -> bool:
    """approvals: approver person id -> the roles they hold; eligible: role -> people who may approve."""
    for quorum in stage.any_of:
        approvers = {pid for pid, roles in approvals.items() if quorum.role in roles}
        if quorum.at_least == "all":
            needed = eligible.get(quorum.role, set())
            if needed and needed <= approvers:
                return True
        elif len(approvers) >= quorum.at_least:
            return True
    return False
