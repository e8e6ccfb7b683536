"""A leading-group meeting (逐项逐条听取、对账销号) deciding many requests at once: all of them, or (on any
problem) none, with the meeting and its minutes recorded."""
from datetime import datetime

from models.directory.lookup import Directory
from models.directory.recipients import notify
from models.directory.signers import Signer, resolve_signer, signing_role
from models.domain.approval_policies import POLICIES
from models.domain.clock import utcnow
from models.domain.commands import DecisionOutcome, MeetingCommand, MeetingOutcome
from models.domain.events import MEETING_DECIDED
from models.domain.refusals import InvalidInput, MissingFields, Refused
from models.domain.signatures import REJECTED_MEANING
from models.engine.decisions import advance, pending_request, record_signature
from models.engine.messages import message_context
from models.engine.records import item_entry
from models.engine.requests import close_request
from models.store.unit_of_work import UnitOfWork
from models.tables.approvals import PENDING, REJECTED
from models.tables.meetings import Meeting
from models.tables.organisation import Person


def decide_at_meeting(uow: UnitOfWork, cmd: MeetingCommand, now: datetime | None = None) -> MeetingOutcome:
    now = now or utcnow()
    uow.lock_chain()
    directory = Directory.of(uow)
    chair = directory.person(cmd.chair)
    attendees = list({p.id: p for p in [chair, *(directory.person(n) for n in cmd.attendees)]}.values())
    recorder = directory.person(cmd.recorded_by)
    overlap = set(cmd.approve) & set(cmd.reject)
    if overlap:
        raise InvalidInput(f"审批申请 {'、'.join(f'#{i}' for i in sorted(overlap))} 不能同时同意和退回")
    if not cmd.approve and not cmd.reject:
        raise InvalidInput("会议没有列出要审议的审批申请（--approve / --reject）")
    meeting = Meeting(held_on=cmd.held_on, chair_id=chair.id, attendee_ids=[p.id for p in attendees],
                      minutes_sha256=cmd.minutes.sha256 if cmd.minutes else None,
                      minutes_filename=cmd.minutes.filename if cmd.minutes else None, recorded_at=now)
    uow.session.add(meeting)
    uow.session.flush()
    linked = {"meeting": meeting.id, "held_on": cmd.held_on.isoformat(), "chair": chair.name,
              "attendees": [p.name for p in attendees], "minutes": cmd.minutes.sha256 if cmd.minutes else None}
    problems, outcomes = [], []
    for request_id in [*cmd.approve, *cmd.reject]:
        try:
            with uow.savepoint():
                outcomes.append(_decide_one(uow, request_id, cmd.reject.get(request_id), chair, attendees,
                                            meeting, linked, recorder, now))
        except Refused as refusal:
            problems.append(f"审批申请 #{request_id}：{refusal.message}")
    if problems:
        raise InvalidInput(f"{meeting.ref} 未记录，请修正后重试：\n" + "\n".join(problems))
    return MeetingOutcome(meeting_id=meeting.id, decisions=outcomes)


def _decide_one(uow: UnitOfWork, request_id: int, reject_reason: str | None, chair: Person, attendees: list[Person],
                meeting: Meeting, linked: dict, recorder: Person, now: datetime) -> DecisionOutcome:
    request, item, row, stage = pending_request(uow, request_id)
    if reject_reason is not None:
        if not reject_reason.strip():
            raise MissingFields("会议退回须写明理由")
        signer = resolve_signer(Directory.of(uow), chair, None, request, item, row, stage, now.date())
        signatures = [record_signature(uow, request, signer, "reject", reject_reason, now, meeting)]
        close_request(request, REJECTED, now, reject_reason)
        entry = item_entry(uow, item, recorder, now, MEETING_DECIDED, reason=reject_reason,
                           data={**linked, "request": request.id, "decision": "reject", "signatures": signatures})
        notify(uow, entry, message_context(item, recorder, now, request=request, comment=reject_reason,
                                           meaning=REJECTED_MEANING, signer=f"{meeting.ref}"),
               actor=recorder, item=item, requester=request.requested_by)
        return DecisionOutcome(request_id=request.id, status=REJECTED, audit_seq=entry.seq, messages=0)
    signatures, fired = [], None
    while fired is None and request.status == PENDING:
        stage = POLICIES[request.policy].stages[request.stage_index]
        signers = [Signer(p, role) for p in attendees if (role := signing_role(p, stage)) is not None
                   and p.id != request.requested_by_id and not (row.outside_unit and p.unit_id == item.lead_unit_id)
                   and all(d.person.id != p.id for d in request.decisions)]
        if not signers:
            raise InvalidInput(f"出席人员的同意不足以通过：需要{stage.describe()}")
        before = request.stage_index
        signatures += [record_signature(uow, request, s, "approve", None, now, meeting) for s in signers]
        fired = advance(uow, request, item, row, recorder, now)
        if fired is None and request.stage_index == before:
            raise InvalidInput(f"出席人员的同意不足以通过：需要{stage.describe()}")
    entry = item_entry(uow, item, recorder, now, MEETING_DECIDED,
                       data={**linked, "request": request.id, "decision": "approve", "signatures": signatures,
                             "transition": fired.audit_seq if fired else None})
    return DecisionOutcome(request_id=request.id, status=request.status, fired=fired, audit_seq=entry.seq,
                           messages=fired.messages if fired else 0)
