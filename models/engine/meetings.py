"""A leading-group meeting (逐项逐条听取、对账销号) deciding many requests at once: all of them, or (on any
problem) none, with the meeting and its minutes recorded."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.directory.lookup import Directory
from models.directory.recipients import notify
from models.directory.signers import Signer, resolve_signer, signing_role
from models.domain.approval_policies import POLICIES
from models.domain.clock import local_day, utcnow
from models.domain.commands import DecisionOutcome, MeetingCommand, MeetingOutcome
from models.domain.deadlines import in_window
from models.domain.events import MEETING_DECIDED
from models.domain.refusals import InvalidInput, MissingFields, NotYourRole, Refused
from models.domain.signatures import REJECTED_MEANING
from models.domain.text import MAX_SHORT_TEXT, within
from models.domain.vocabulary import Role
from models.engine.decisions import advance, pending_request, record_signature
from models.engine.messages import message_context
from models.engine.records import item_entry
from models.engine.requests import close_request
from models.store.unit_of_work import UnitOfWork
from models.tables.approvals import PENDING, REJECTED, ApprovalRequest
from models.tables.meetings import Meeting
from models.tables.organisation import Person


def decide_at_meeting(uow: UnitOfWork, cmd: MeetingCommand, now: datetime | None = None) -> MeetingOutcome:
    now = now or utcnow()
    uow.lock_chain()
    directory = Directory.of(uow)
    chair = directory.person(cmd.chair)
    attendees = list({p.id: p for p in [chair, *(directory.person(n) for n in cmd.attendees)]}.values())
    recorder = directory.person(cmd.recorded_by)
    _check_people(chair, attendees, recorder)
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


LEADING_GROUP = frozenset({Role.chair, Role.member})


def _check_people(chair: Person, attendees: list[Person], recorder: Person) -> None:
    """A leading-group meeting: chaired and attended by its members, recorded by the office."""
    if not chair.roles & LEADING_GROUP:
        raise NotYourRole(f"「{chair.describe()}」不是领导小组组长或成员，不能主持领导小组会议")
    outsiders = [p.describe() for p in attendees if not p.roles & LEADING_GROUP]
    if outsiders:
        raise NotYourRole(f"出席人员须为领导小组成员：{'、'.join(outsiders)} 不是")
    if Role.office not in recorder.roles:
        raise NotYourRole(f"「{recorder.describe()}」不是整改办人员，不能记录领导小组会议")


def _check_date(held_on: date, request: ApprovalRequest, zone: str, now: datetime) -> None:
    """A meeting decides requests raised before it, and is recorded after it was held."""
    today = local_day(now, zone)
    in_window(held_on, "会议日期")
    if held_on > today:
        raise InvalidInput(f"会议日期 {held_on} 晚于今天（{today}）：只能记录已召开的会议")
    raised = request.requested_at.astimezone(ZoneInfo(zone)).date()
    if held_on < raised:
        raise InvalidInput(f"会议日期 {held_on} 早于{request.ref} 提出的日期（{raised}）")


def _decide_one(uow: UnitOfWork, request_id: int, reject_reason: str | None, chair: Person, attendees: list[Person],
                meeting: Meeting, linked: dict, recorder: Person, now: datetime) -> DecisionOutcome:
    request, item, row, stage = pending_request(uow, request_id)
    _check_date(meeting.held_on, request, item.campaign.collect_timezone, now)
    if reject_reason is not None:
        if not reject_reason.strip():
            raise MissingFields("会议退回须写明理由")
        within(reject_reason, MAX_SHORT_TEXT, "退回理由")
        signer = resolve_signer(Directory.of(uow), chair, None, request, item, row, stage,
                                local_day(now, item.campaign.collect_timezone))
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
        fired = advance(uow, request, item, row, chair, now, recorded_by=recorder)  # the meeting decided it
        if fired is None and request.stage_index == before:
            raise InvalidInput(f"出席人员的同意不足以通过：需要{stage.describe()}")
    entry = item_entry(uow, item, recorder, now, MEETING_DECIDED,
                       data={**linked, "request": request.id, "decision": "approve", "signatures": signatures,
                             "transition": fired.audit_seq if fired else None})
    return DecisionOutcome(request_id=request.id, status=request.status, fired=fired, audit_seq=entry.seq,
                           messages=fired.messages if fired else 0)
