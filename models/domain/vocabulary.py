"""The words of the domain: states, actions, roles and the fields an action may require.

Identifiers are English; every member carries the Chinese label users see.
"""
from enum import StrEnum
from typing import Literal, get_args


class Labelled(StrEnum):
    """A member is declared as `identifier = "identifier", "中文标签"`: the value stays the identifier."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def ordered(cls, members) -> list:
        """Members in the order they are declared (not alphabetically)."""
        return [m for m in cls if m in members]

    @classmethod
    def parse(cls, text: str):
        """Accept the identifier or the Chinese label."""
        for member in cls:
            if text in (member.value, member.label):
                return member
        raise ValueError(text)


class State(Labelled):
    assigned = "assigned", "已交办"
    in_progress = "in_progress", "正在整改"
    verified = "verified", "已验收"
    closed = "closed", "已销号"
    long_term = "long_term", "长期整改"


# Still being worked on: what a unit reports progress on, what can run late, what the weekly round asks about.
OPEN_STATES: tuple[State, ...] = (State.assigned, State.in_progress, State.long_term)


class Action(Labelled):
    start = "start", "开始整改"
    submit = "submit", "提请验收"
    verify = "verify", "检查验收"
    reject = "reject", "退回整改"
    close = "close", "对账销号"
    mark_long_term = "mark_long_term", "列为长期整改"
    reopen = "reopen", "重新整改"
    extend = "extend", "延期"
    reassign = "reassign", "调整牵头单位"


class Role(Labelled):
    office = "office", "整改办"
    liaison = "liaison", "联络员"
    unit_head = "unit_head", "部门负责人"
    leader = "leader", "责任领导"
    member = "member", "领导小组成员"
    chair = "chair", "领导小组组长"


class Field(Labelled):
    reason = "reason", "理由"
    evidence = "evidence", "佐证材料"
    item_evidence = "item_evidence", "事项的佐证材料（已报送或随本次提交）"
    stage_targets = "stage_targets", "阶段目标"
    new_deadline = "new_deadline", "新的整改时限"
    new_unit = "new_unit", "新的牵头单位"


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
