"""Event kinds (past tense) written to the audit log, and who is told of each."""
from enum import StrEnum

from models.vocabulary import Action


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
PROGRESS_REPORTED = "progress_reported"
ITEM_IMPORTED = "item_imported"
LEDGER_IMPORTED = "ledger_imported"
DIRECTORY_IMPORTED = "directory_imported"

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
}
