"""Every table, so that metadata (and Alembic) sees them all."""
from models.tables.accounts import Account, AccountToken, AuthEvent
from models.tables.approvals import ApprovalDecision, ApprovalRequest
from models.tables.audit import AuditEntry, AuditHead
from models.tables.base import Base
from models.tables.calendar import HolidayYear
from models.tables.collection import CollectionRound, RoundUnit
from models.tables.ledger import Aspect, Campaign, Item, ItemCooperatingUnit, ItemLeader, Measure, StageTarget
from models.tables.meetings import Delegation, Meeting
from models.tables.organisation import Person, PersonRole, Unit
from models.tables.outbox import OutboxMessage
from models.tables.progress import Evidence, ProgressEntry
from models.tables.reminders import ReminderSent

__all__ = [
    "Account", "AccountToken", "AuthEvent",
    "ApprovalDecision", "ApprovalRequest", "CollectionRound", "RoundUnit", "AuditEntry", "AuditHead", "Base", "Aspect", "Campaign",
    "Item", "ItemCooperatingUnit", "ItemLeader", "Measure", "StageTarget", "Person", "PersonRole", "Unit",
    "OutboxMessage", "Evidence", "ProgressEntry", "Delegation", "Meeting", "ReminderSent", "HolidayYear",
]
