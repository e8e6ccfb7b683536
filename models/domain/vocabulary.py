"""The words of the domain: states, actions, roles and the fields an action may require.

Identifiers are English; every member carries the Chinese label users see.
"""
from enum import StrEnum
from typing import Literal, get_args


class Labelled(StrEnum):
    @classmethod
    def ordered(cls, members) -> list:
        """Members in the order they are declared (not alphabetically)."""
        return [m for m in cls if m in members]

    @property
    def label(self) -> str:
        return LABELS[self]

    @classmethod
    def parse(cls, text: str):
        """Accept the identifier or the Chinese label."""
        for member in cls:
            if text in (member.value, member.label):
                return member
        raise ValueError(text)


class State(Labelled):
    assigned = "assigned"
    in_progress = "in_progress"
    verified = "verified"
    closed = "closed"
    long_term = "long_term"


# Still being worked on: what a unit reports progress on, what can run late, what the weekly round asks about.
OPEN_STATES: tuple[State, ...] = (State.assigned, State.in_progress, State.long_term)


class Action(Labelled):
    start = "start"
    submit = "submit"
    verify = "verify"
    reject = "reject"
    close = "close"
    mark_long_term = "mark_long_term"
    reopen = "reopen"
    extend = "extend"
    reassign = "reassign"


class Role(Labelled):
    office = "office"
    liaison = "liaison"
    unit_head = "unit_head"
    leader = "leader"
    member = "member"
    chair = "chair"


class Field(Labelled):
    reason = "reason"
    evidence = "evidence"
    stage_targets = "stage_targets"
    new_deadline = "new_deadline"
    new_unit = "new_unit"


LABELS: dict[StrEnum, str] = {
    State.assigned: "已交办",
    State.in_progress: "正在整改",
    State.verified: "已验收",
    State.closed: "已销号",
    State.long_term: "长期整改",
    Action.start: "开始整改",
    Action.submit: "提请验收",
    Action.verify: "检查验收",
    Action.reject: "退回整改",
    Action.close: "对账销号",
    Action.mark_long_term: "列为长期整改",
    Action.reopen: "重新整改",
    Action.extend: "延期",
    Action.reassign: "调整牵头单位",
    Role.office: "整改办",
    Role.liaison: "联络员",
    Role.unit_head: "部门负责人",
    Role.leader: "责任领导",
    Role.member: "领导小组成员",
    Role.chair: "领导小组组长",
    Field.reason: "理由",
    Field.evidence: "佐证材料",
    Field.stage_targets: "阶段目标",
    Field.new_deadline: "新的整改时限",
    Field.new_unit: "新的牵头单位",
}

# Roles whose authority is limited to their own unit's items.
UNIT_ROLES = frozenset({Role.liaison, Role.unit_head})

# How the progress report counts states (seed 003: 已完成整改34项，基本完成整改3项，长期整改…).
REPORT_LABELS: dict[State, str] = {
    State.closed: "已完成整改",
    State.verified: "基本完成整改",
    State.long_term: "长期整改",
    State.in_progress: "正在整改",
    State.assigned: "未启动",
}

AWAITING_VERIFICATION = "待验收"

# Where a campaign's problems come from: inspection (巡视/巡察), audit, supervision, self-inspection.
SourceType = Literal["巡视", "巡察", "审计", "督查", "自查"]
SOURCE_TYPES: tuple[SourceType, ...] = get_args(SourceType)


def source_type_in(title: str) -> SourceType | None:
    """The source a campaign's title names: 「区委第二巡察组反馈意见整改台账」 -> 巡察."""
    return next((source for source in SOURCE_TYPES if source in title), None)
