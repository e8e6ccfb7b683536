"""The 对账销号单 of a closed item — the paper a leading group keeps: the problem, its measures and the work done,
the evidence with each file's sha256, who accepted it on inspection and who signed its closing and when, each
signature with the audit entry that records it. It is issued only from a chain that verifies, and each entry it
cites is checked against its neighbours in the chain."""
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.events import MEETING_DECIDED, SIGNOFF_APPROVED, TRANSITION_EVENTS
from models.domain.refusals import InvalidInput, NotAllowedInState, NotFound
from models.domain.vocabulary import Action, Role, State
from models.reports.progress import report_item
from models.store import audit_chain
from models.store.collector import collector_paused
from models.tables.approvals import ApprovalDecision
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.meetings import Meeting
from models.tables.organisation import Person
from models.tables.progress import Evidence

STAGES = {Action.verify.value: "检查验收", Action.close.value: "对账销号"}


class EvidenceLine(BaseModel):
    filename: str
    sha256: str
    size: int
    added_by: str
    added_at: datetime


class AuditLine(BaseModel):
    seq: int
    hash: str
    verified: bool  # its hash recomputed and its links to the entries before and after it agree


class Signature(BaseModel):
    stage: str  # 检查验收 / 对账销号
    person: str
    role: str  # 整改办 / 领导小组组长 …
    deputy: str | None  # who signed in the person's place (代签)
    meaning: str  # 同意验收 / 同意销号
    at: datetime
    meeting: str | None  # 领导小组会议 #2（2026-11-20）
    audit: AuditLine


class ClosingSheet(BaseModel):
    item_id: int
    campaign: str
    aspect: str
    number: str
    parent: str | None
    problem: str
    measures: list[str]
    work: list[str]
    lead_unit: str
    cooperating_units: list[str]
    leader: str | None
    deadline: str | None
    extensions: list[str]
    closed_on: date
    evidence: list[EvidenceLine]
    signatures: list[Signature]
    closing: AuditLine  # the entry recording the closing itself
    chain_entries: int  # the whole chain verified when the sheet was made


@collector_paused()
def build_closing_sheet(session: Session, item_id: int, today: date) -> ClosingSheet:
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound(f"没有事项 #{item_id}")
    if item.current_state is not State.closed:
        raise NotAllowedInState(f"{item.ref} 当前为「{item.current_state.label}」，尚未销号，不能出具对账销号单")
    chain = audit_chain.verify(session)
    if not chain.ok:
        raise InvalidInput(f"审计链校验未通过（{chain.problem}），不能出具对账销号单；请先用 rectiflow audit verify 查明")
    entries = session.scalars(select(AuditEntry).where(AuditEntry.item_id == item_id).order_by(AuditEntry.seq)).all()
    closing = next((e for e in reversed(entries) if e.kind == TRANSITION_EVENTS[Action.close]), None)
    if closing is None:  # closed in the ledger file it was imported from: nobody signed its closing here
        raise NotAllowedInState(f"{item.ref} 导入台账时即为已销号，系统中没有其验收和销号的签署记录，不能出具对账销号单")
    verified = next((e for e in reversed(entries) if e.kind == TRANSITION_EVENTS[Action.verify]
                     and e.seq < closing.seq), None)  # None: imported as verified, closed here
    requests = {(verified.data or {}).get("request") if verified else None,
                (closing.data or {}).get("request")} - {None}
    told = report_item(session, item, today)
    return ClosingSheet(
        item_id=item.id, campaign=item.campaign.title, aspect=item.aspect.title, number=item.number,
        parent=item.parent_text, problem=item.text, measures=told.measures, work=told.work, lead_unit=told.lead_unit,
        cooperating_units=told.cooperating_units, leader=told.leader, deadline=item.deadline_text,
        extensions=[f"延期至{e.new_deadline}（{e.reason}）" for e in told.extensions if e.new_deadline],
        closed_on=told.closed_on or closing.at.date(), evidence=_evidence(session, item_id),
        signatures=_signatures(session, requests, entries), closing=_checked(session, closing),
        chain_entries=chain.checked)


def _evidence(session: Session, item_id: int) -> list[EvidenceLine]:
    rows = session.execute(select(Evidence, Person.name).join(Person, Evidence.added_by_id == Person.id)
                           .where(Evidence.item_id == item_id).order_by(Evidence.id))
    first = {}  # a file handed in with a submission is recorded again when the request is approved: list it once
    for e, name in rows:
        first.setdefault((e.sha256, e.filename), EvidenceLine(filename=e.filename, sha256=e.sha256, size=e.size,
                                                              added_by=name, added_at=e.added_at))
    return list(first.values())


def _signatures(session: Session, requests: set[int], entries: list[AuditEntry]) -> list[Signature]:
    decisions = session.scalars(select(ApprovalDecision).where(ApprovalDecision.request_id.in_(requests),
                                                               ApprovalDecision.decision == "approve")
                                .order_by(ApprovalDecision.decided_at, ApprovalDecision.id)).all()
    signed = [e for e in entries if e.kind in (SIGNOFF_APPROVED, MEETING_DECIDED)
              and (e.data or {}).get("request") in requests]
    result = []
    for decision in decisions:
        entry = next(e for e in signed if (e.data or {}).get("request") == decision.request_id
                     and decision.person.name in _signers(e))
        meeting = session.get(Meeting, decision.meeting_id) if decision.meeting_id else None
        result.append(Signature(stage=STAGES.get(decision.request.action, Action(decision.request.action).label),
                                person=decision.person.name, role=Role(decision.role).label,
                                deputy=decision.deputy.name if decision.deputy else None, meaning=decision.meaning,
                                at=decision.decided_at, meeting=meeting.ref if meeting else None,
                                audit=_checked(session, entry)))
    return result


def _signers(entry: AuditEntry) -> set[str]:
    data = entry.data or {}
    return {data.get("person")} | {s.get("person") for s in data.get("signatures", [])}


def _checked(session: Session, entry: AuditEntry) -> AuditLine:
    """The entry's own hash recomputed, and the chain's links on both sides of it."""
    before = session.get(AuditEntry, entry.seq - 1)
    after = session.get(AuditEntry, entry.seq + 1)
    linked = entry.prev_hash == (before.hash if before else audit_chain.GENESIS) and (after is None or
                                                                                     after.prev_hash == entry.hash)
    return AuditLine(seq=entry.seq, hash=entry.hash, verified=linked and audit_chain.entry_hash(entry) == entry.hash)
