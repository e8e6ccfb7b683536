"""Every table, so that metadata (and Alembic) sees them all."""
from models.approvals import ApprovalDecision, ApprovalRequest
from models.audit_entry import AuditEntry, AuditHead
from models.base import Base
from models.collection import CollectionRound, RoundUnit
from models.ledger import Aspect, Campaign, Item, ItemCooperatingUnit, Measure, StageTarget
from models.organisation import Person, PersonRole, Unit
from models.outbox_message import OutboxMessage
from models.progress import Evidence, ProgressEntry
from models.reminder_log import ReminderSent
from models.signoff_records import Delegation, Meeting

__all__ = [
    "ApprovalDecision", "ApprovalRequest", "CollectionRound", "RoundUnit", "AuditEntry", "AuditHead", "Base", "Aspect", "Campaign",
    "Item", "ItemCooperatingUnit", "Measure", "StageTarget", "Person", "PersonRole", "Unit",
    "OutboxMessage", "Evidence", "ProgressEntry", "Delegation", "Meeting", "ReminderSent",
]
