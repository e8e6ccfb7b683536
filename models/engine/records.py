"""What every change to an item writes beside the change itself: its audit entry and its evidence rows."""
from datetime import datetime

from models.domain.commands import Change, EvidenceRef
from models.domain.vocabulary import Action, State
from models.store.unit_of_work import UnitOfWork
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.organisation import Person
from models.tables.progress import Evidence


def item_entry(uow: UnitOfWork, item: Item, actor: Person, now: datetime, kind: str, *,
               action: Action | None = None, from_state: State | None = None, to_state: State | None = None,
               reason: str | None = None, data: dict | None = None) -> AuditEntry:
    return uow.record(
        at=now, kind=kind, actor_id=actor.id, actor_name=actor.name, campaign_id=item.campaign_id,
        item_id=item.id, action=action.value if action else None,
        from_state=from_state.value if from_state else None, to_state=to_state.value if to_state else None,
        reason=reason, data=data or {})


def attach_evidence(uow: UnitOfWork, item: Item, actor: Person, evidence: list[EvidenceRef], entry: AuditEntry,
                    now: datetime, progress_id: int | None = None) -> None:
    uow.session.add_all(Evidence(item_id=item.id, sha256=e.sha256, filename=e.filename, size=e.size,
                                 added_by_id=actor.id, progress_entry_id=progress_id, audit_seq=entry.seq,
                                 added_at=now) for e in evidence)


def change_data(change: Change) -> dict:
    """The change as the audit entry keeps it (evidence by name and hash; the reason has a field of its own)."""
    data = change.model_dump(mode="json", exclude_defaults=True, exclude={"reason"})
    if change.evidence:
        data["evidence"] = [{"sha256": e.sha256, "filename": e.filename} for e in change.evidence]
    return data


def touch(item: Item, now: datetime) -> None:
    item.updated_at = now  # any UPDATE of the row bumps its version (optimistic locking)
