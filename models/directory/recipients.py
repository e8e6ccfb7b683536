"""Resolving who is told of an event and writing their outbox rows, inside the event's transaction."""
from collections.abc import Iterable

from sqlalchemy.orm import Session

from models.store import audit_chain
from models.store import journal
from models.tables.audit import AuditEntry
from models.directory.lookup import people_with_role
from models.domain.events import AUDIENCES, Audience
from models.tables.ledger import Item
from models.tables.organisation import Person
from models.tables.outbox import OutboxMessage
from models.domain.vocabulary import Role

OFFICE_FALLBACK_NAME = "整改办"


def unit_contacts(session: Session, unit_id: int) -> list[Person]:
    return people_with_role(session, Role.liaison, unit_id) + people_with_role(session, Role.unit_head, unit_id)


def resolve(session: Session, audience: Iterable[Audience], *, item: Item | None = None,
            approvers: Iterable[Person] = (), requester: Person | None = None,
            previous_unit_id: int | None = None) -> list[Person]:
    people: list[Person] = []
    for who in sorted(audience):
        if who is Audience.unit and item is not None:
            people += unit_contacts(session, item.lead_unit_id)
        elif who is Audience.cooperating and item is not None:
            for unit in item.cooperating_units:
                people += people_with_role(session, Role.liaison, unit.id)
        elif who is Audience.previous_unit and previous_unit_id is not None:
            people += unit_contacts(session, previous_unit_id)
        elif who is Audience.leader and item is not None and item.leader is not None:
            people.append(item.leader)
        elif who is Audience.office:
            people += people_with_role(session, Role.office)
        elif who is Audience.approvers:
            people += list(approvers)
        elif who is Audience.requester and requester is not None:
            people.append(requester)
    return list({p.id: p for p in people}.values())


def rows_for(entry: AuditEntry, person: Person, context: dict, attachments=(), not_before=None) -> list[dict]:
    """One row per address of the person; no address: one row for the fallback channel."""
    return [_row(entry, person.id, person.name, address, context, attachments, not_before)
            for address in (person.addresses or [""])]


def office_fallback_row(entry: AuditEntry, context: dict, attachments=()) -> dict:
    """For when nobody in the directory can be told: the office's fallback channel, so nothing is dropped."""
    return _row(entry, None, OFFICE_FALLBACK_NAME, "", context, attachments)


def _row(entry, person_id, recipient, address, context, attachments, not_before=None) -> dict:
    return {"audit_seq": entry.seq, "event": entry.kind, "person_id": person_id, "recipient": recipient,
            "address": address, "context": context, "attachments": list(attachments),
            "next_attempt_at": not_before or entry.at}


def add(session: Session, rows: list[dict]) -> int:
    """Queue the rows in the caller's transaction (inserted in bulk with the audit entries: models/journal.py)."""
    journal.add_rows(session, audit_chain.lock(session), OutboxMessage.__table__, rows)
    return len(rows)


def enqueue(session: Session, entry: AuditEntry, recipients: list[Person], context: dict,
            actor: Person | None = None) -> int:
    """One row per recipient address. The actor is not told of their own act, but someone always is:
    with nobody left, the office (or, with no office in the directory, the fallback channel) is."""
    people = [p for p in recipients if actor is None or p.id != actor.id]
    if not people:
        people = [p for p in people_with_role(session, Role.office) if actor is None or p.id != actor.id]
    return add(session, [row for p in people for row in rows_for(entry, p, context)]
               or [office_fallback_row(entry, context)])


def notify(session: Session, entry: AuditEntry, context: dict, *, actor: Person | None = None, **who) -> int:
    return enqueue(session, entry, resolve(session, AUDIENCES[entry.kind], **who), context, actor)
