"""Who is told of an event, and their outbox rows, queued in the event's transaction."""
from collections.abc import Iterable
from datetime import datetime

from models.directory.lookup import Directory, unique
from models.domain.events import AUDIENCES, Audience
from models.domain.vocabulary import Role
from models.store.unit_of_work import UnitOfWork
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.organisation import Person

OFFICE_FALLBACK_NAME = "整改办"


def resolve(directory: Directory, audience: Iterable[Audience], *, item: Item | None = None,
            approvers: Iterable[Person] = (), requester: Person | None = None,
            previous_unit_id: int | None = None) -> list[Person]:
    people: list[Person] = []
    for who in sorted(audience):
        if who is Audience.unit and item is not None:
            people += directory.unit_contacts(item.lead_unit_id)
        elif who is Audience.cooperating and item is not None:
            for unit in item.cooperating_units:
                people += directory.with_role(Role.liaison, unit.id)
        elif who is Audience.previous_unit and previous_unit_id is not None:
            people += directory.unit_contacts(previous_unit_id)
        elif who is Audience.leader and item is not None:
            people += item.leaders
        elif who is Audience.office:
            people += directory.with_role(Role.office)
        elif who is Audience.approvers:
            people += list(approvers)
        elif who is Audience.requester and requester is not None:
            people.append(requester)
    return unique(people)


def rows_for(entry: AuditEntry, person: Person, context: dict, attachments=(),
             not_before: datetime | None = None) -> list[dict]:
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


def tell(uow: UnitOfWork, entry: AuditEntry, people: Iterable[Person], context: dict, attachments=()) -> int:
    """Queue the message to each person once; with nobody to tell, the office's fallback channel hears of it
    (marked `no_contact`), so nothing is silently dropped."""
    rows = [row for p in unique(people) for row in rows_for(entry, p, context, attachments)]
    return uow.queue(rows or [office_fallback_row(entry, {**context, "no_contact": True}, attachments)])


def enqueue(uow: UnitOfWork, entry: AuditEntry, recipients: list[Person], context: dict,
            actor: Person | None = None) -> int:
    """One row per recipient address. The actor is not told of their own act, but someone always is:
    with nobody left, the office (or, with no office in the directory, the fallback channel) is."""
    people = [p for p in recipients if actor is None or p.id != actor.id]
    if not people:
        people = [p for p in Directory.of(uow).with_role(Role.office) if actor is None or p.id != actor.id]
    return uow.queue([row for p in people for row in rows_for(entry, p, context)]
                     or [office_fallback_row(entry, context)])


def notify(uow: UnitOfWork, entry: AuditEntry, context: dict, *, actor: Person | None = None, **who) -> int:
    return enqueue(uow, entry, resolve(Directory.of(uow), AUDIENCES[entry.kind], **who), context, actor)
