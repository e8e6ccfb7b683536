"""Event kinds (past tense) written to the audit log, and who is told of each."""
from enum import StrEnum

from models.domain.vocabulary import Action


class Audience(StrEnum):
    unit = "unit"  # the lead unit's liaison and head
    cooperating = "cooperating"  # the cooperating units' liaisons
    previous_unit = "previous_unit"  # after a reassignment
    leader = "leader"  # the item's responsible leader
    office = "office"
    approvers = "approvers"  # who may decide the open request's current stage
    requester = "requester"


TRANSITION_EVENTS: dict[Action, str] = {
    Action.start: "item_started",
    Action.submit: "item_submitted",
    Action.verify: "item_verified",
    Action.reject: "item_rejected",
    Action.close: "item_closed",
    Action.mark_long_term: "item_marked_long_term",
    Action.reopen: "item_reopened",
    Action.extend: "item_extended",
    Action.reassign: "item_reassigned",
}

SIGNOFF_REQUESTED = "signoff_requested"
SIGNOFF_APPROVED = "signoff_approved"  # one approver's decision
SIGNOFF_REFUSED = "signoff_refused"
SIGNOFF_LAPSED = "signoff_lapsed"
MEETING_DECIDED = "meeting_decided"  # a request decided at a leading-group meeting
DELEGATION_GRANTED = "delegation_granted"
DELEGATION_REVOKED = "delegation_revoked"
PROGRESS_REPORTED = "progress_reported"
ITEM_IMPORTED = "item_imported"
LEDGER_IMPORTED = "ledger_imported"
ROUND_OPENED = "round_opened"
PROGRESS_REQUESTED = "progress_requested"  # a unit asked for its weekly progress
PROGRESS_CHASED = "progress_chased"  # a unit reminded (催报)
SUMMARY_SENT = "weekly_summary_sent"
REMINDERS_SENT = "reminders_sent"  # the day's reminders, one message per recipient
FOLLOWUP_CONFIRMED = "followup_confirmed"  # 回头看: the unit confirms the problem has not come back
DIRECTORY_IMPORTED = "directory_imported"
COLLECTION_SCHEDULE_CHANGED = "collection_schedule_changed"  # when a campaign's weekly round opens and is due
CAMPAIGN_REPLACED = "campaign_replaced"  # a bad import corrected with a new file, before any work on it
CAMPAIGN_REMOVED = "campaign_removed"  # a bad import withdrawn, before any work on it
ACCOUNT_INVITED = "account_invited"  # a person is sent the link that activates their account
CAMPAIGN_FACTS_SET = "campaign_facts_set"  # who inspected whom, when, on whose instruction: what the report says
DELIVERY_FAILED = "delivery_failed"  # a message that cannot be delivered: the office is told on its fallback channel
CALENDAR_IMPORTED = "calendar_imported"  # a year's official holidays, as the office typed them from the notice
UNIT_CHASED = "unit_chased"  # 催办: the office pressed a unit about an item, or about all its open items
# What changes no item's state, deadline, units, leaders or waiting requests, nor which units missed a closed round:
# a light, a to-do list or a count kept from before such entries is still true after them. (A progress report that
# starts its item writes the start as an entry of its own.)
LIGHTS_UNCHANGED_BY = frozenset({PROGRESS_REPORTED, PROGRESS_REQUESTED, PROGRESS_CHASED, REMINDERS_SENT, UNIT_CHASED,
                                 DELIVERY_FAILED, ACCOUNT_INVITED})

U = Audience
AUDIENCES: dict[str, frozenset[Audience]] = {
    "item_started": frozenset({U.unit, U.leader, U.office}),
    "item_submitted": frozenset({U.unit, U.approvers}),
    "item_verified": frozenset({U.unit, U.leader, U.office}),
    "item_rejected": frozenset({U.unit, U.leader}),
    "item_closed": frozenset({U.unit, U.cooperating, U.leader, U.office}),
    "item_marked_long_term": frozenset({U.unit, U.leader, U.office}),
    "item_reopened": frozenset({U.unit, U.cooperating, U.leader, U.office}),
    "item_extended": frozenset({U.unit, U.leader, U.office}),
    "item_reassigned": frozenset({U.unit, U.previous_unit, U.leader, U.office}),
    SIGNOFF_REQUESTED: frozenset({U.approvers, U.requester}),
    SIGNOFF_APPROVED: frozenset({U.requester, U.approvers}),
    SIGNOFF_REFUSED: frozenset({U.requester, U.unit}),
    SIGNOFF_LAPSED: frozenset({U.requester}),
    LEDGER_IMPORTED: frozenset({U.unit}),
    MEETING_DECIDED: frozenset({U.requester, U.unit}),
}

# every event that sends messages; each has a template notifications/templates/<event>.md.j2
MESSAGE_EVENTS = frozenset(AUDIENCES) | {PROGRESS_REQUESTED, PROGRESS_CHASED, SUMMARY_SENT, DELEGATION_GRANTED,
                                        DELEGATION_REVOKED,
                                        REMINDERS_SENT, COLLECTION_SCHEDULE_CHANGED, CAMPAIGN_REPLACED,
                                        CAMPAIGN_REMOVED, ACCOUNT_INVITED, DELIVERY_FAILED,
                                        CALENDAR_IMPORTED, UNIT_CHASED}

# what `audit log` and the weekly summary call each kind of entry
EVENT_LABELS: dict[str, str] = {
    **{event: action.label for action, event in TRANSITION_EVENTS.items()},
    SIGNOFF_REQUESTED: "提请审批",
    SIGNOFF_APPROVED: "审批同意",
    SIGNOFF_REFUSED: "审批退回",
    SIGNOFF_LAPSED: "审批申请失效",
    MEETING_DECIDED: "领导小组会议审议",
    DELEGATION_GRANTED: "委托代签",
    DELEGATION_REVOKED: "撤销代签",
    PROGRESS_REPORTED: "报送进展",
    ITEM_IMPORTED: "导入事项",
    LEDGER_IMPORTED: "导入台账",
    ROUND_OPENED: "开启每周报送",
    PROGRESS_REQUESTED: "通知单位报送",
    PROGRESS_CHASED: "催报",
    SUMMARY_SENT: "发送周汇总",
    REMINDERS_SENT: "发送催办提醒",
    FOLLOWUP_CONFIRMED: "回头看确认",
    DIRECTORY_IMPORTED: "导入组织目录",
    COLLECTION_SCHEDULE_CHANGED: "调整报送时间",
    CAMPAIGN_REPLACED: "更正台账",
    CAMPAIGN_REMOVED: "撤回台账",
    DELIVERY_FAILED: "消息无法送达",
    CALENDAR_IMPORTED: "导入节假日安排",
    ACCOUNT_INVITED: "开通账户",
    CAMPAIGN_FACTS_SET: "设置整改任务信息",
    UNIT_CHASED: "催办",
}


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)
