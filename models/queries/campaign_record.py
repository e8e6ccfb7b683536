"""What the system recorded of how a body carried its rectification responsibility, up to the end of a day: the
leading group, its meetings and what they decided, the ledger's set-up, the weekly rounds and how units answered,
the sign-offs (检查验收、对账销号…) and the reminders sent. The progress report's section 一 is written from it."""
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.domain.answers import LATE, MISSING, ON_TIME
from models.domain.events import LEDGER_IMPORTED, SIGNOFF_REFUSED, TRANSITION_EVENTS
from models.domain.vocabulary import Action, Role
from models.queries.history import end_of
from models.queries.round_answers import answers
from models.tables.approvals import ApprovalDecision, ApprovalRequest
from models.tables.audit import AuditEntry
from models.tables.collection import CollectionRound
from models.tables.ledger import Campaign, Item, ItemLeader, Measure
from models.tables.meetings import Meeting
from models.tables.organisation import Person, PersonRole
from models.tables.reminders import ReminderSent

REMINDER_KINDS = {"due_soon": "即将到期", "overdue": "已超期", "approval_waiting": "审批催办",
                  "stage_target": "阶段目标未报进展", "follow_up": "回头看"}


class LeadingGroup(BaseModel):
    chair: str | None = None
    members: list[str] = []  # besides the chair


class MeetingsRecord(BaseModel):
    """Leading-group meetings that decided requests on the campaign's items."""

    held: int = 0
    decided: dict[str, int] = {}  # action label (对账销号, 延期…) -> requests decided at them
    approved: int = 0
    rejected: int = 0


class LedgerRecord(BaseModel):
    imported_on: date | None = None
    measures: int = 0
    lead_units: int = 0
    leaders: int = 0


class RoundsRecord(BaseModel):
    """Weekly progress collection (每周报送整改进展): rounds held and how units answered."""

    held: int = 0
    asked: int = 0  # units asked, over all rounds
    on_time: int = 0
    late: int = 0
    missing: int = 0
    chased: int = 0


class SignoffRecord(BaseModel):
    """What the audit log holds of 检查验收、对账销号 and the other sign-offs, up to the report date."""

    verified: int = 0  # items accepted on inspection (检查验收)
    closed: int = 0  # items reconciled and closed (对账销号)
    rejected: int = 0  # submissions sent back (退回整改)
    long_term: int = 0  # designated long-term
    extended: int = 0  # deadlines extended
    reopened: int = 0


class RemindersRecord(BaseModel):
    sent: int = 0
    by_kind: dict[str, int] = {}  # 即将到期 / 已超期 / 审批催办 / 阶段目标未报进展 / 回头看
    to_leaders: int = 0  # overdue items escalated to the responsible leader
    to_chair: int = 0  # … and to the leading group's chair


class CampaignRecord(BaseModel):
    """What the system recorded of how the body carried its responsibility (the report's section 一)."""

    leading_group: LeadingGroup = LeadingGroup()
    meetings: MeetingsRecord = MeetingsRecord()
    ledger: LedgerRecord = LedgerRecord()
    rounds: RoundsRecord = RoundsRecord()
    signoffs: SignoffRecord = SignoffRecord()
    reminders: RemindersRecord = RemindersRecord()


def campaign_record(session: Session, campaign: Campaign, day: date) -> CampaignRecord:
    cutoff = end_of(day, campaign.collect_timezone)
    return CampaignRecord(leading_group=leading_group(session), meetings=meetings(session, campaign, day, cutoff),
                          ledger=ledger(session, campaign, cutoff), rounds=rounds(session, campaign, cutoff),
                          signoffs=signoffs(session, campaign, cutoff), reminders=reminders(session, campaign, cutoff))


def leading_group(session: Session) -> LeadingGroup:
    """The directory's 领导小组: its chair and members (the chair named once)."""
    rows = session.execute(select(Person.name, PersonRole.role).join(PersonRole)
                           .where(PersonRole.role.in_((Role.chair.value, Role.member.value))).order_by(Person.id))
    chair = next((name for name, role in rows if role == Role.chair.value), None)
    members = session.scalars(select(Person.name).join(PersonRole).where(PersonRole.role == Role.member.value)
                              .order_by(Person.id)).all()
    return LeadingGroup(chair=chair, members=[m for m in dict.fromkeys(members) if m != chair])


def meetings(session: Session, campaign: Campaign, day: date, cutoff: datetime) -> MeetingsRecord:
    decided = session.execute(
        select(ApprovalDecision.meeting_id, ApprovalDecision.request_id, ApprovalDecision.decision,
               ApprovalRequest.action)
        .join(ApprovalRequest, ApprovalDecision.request_id == ApprovalRequest.id)
        .join(Item, ApprovalRequest.item_id == Item.id).join(Meeting, ApprovalDecision.meeting_id == Meeting.id)
        .where(Item.campaign_id == campaign.id, Meeting.held_on <= day, Meeting.recorded_at < cutoff)).all()
    requests = {row.request_id: row for row in decided}  # one per request, whoever attended
    return MeetingsRecord(held=len({row.meeting_id for row in decided}),
                          decided=dict(Counter(Action(r.action).label for r in requests.values())),
                          approved=sum(r.decision == "approve" for r in requests.values()),
                          rejected=sum(r.decision == "reject" for r in requests.values()))


def ledger(session: Session, campaign: Campaign, cutoff: datetime) -> LedgerRecord:
    imported = session.scalar(select(func.min(AuditEntry.at)).where(
        AuditEntry.campaign_id == campaign.id, AuditEntry.kind == LEDGER_IMPORTED, AuditEntry.at < cutoff))
    mine = Item.campaign_id == campaign.id
    return LedgerRecord(
        imported_on=imported.astimezone(ZoneInfo(campaign.collect_timezone)).date() if imported else None,
        measures=session.scalar(select(func.count()).select_from(Measure).join(Item)
                                .where(mine, Measure.kind == "measure")) or 0,
        lead_units=session.scalar(select(func.count(func.distinct(Item.lead_unit_id))).where(mine)) or 0,
        leaders=session.scalar(select(func.count(func.distinct(ItemLeader.person_id))).join(Item).where(mine)) or 0)


def rounds(session: Session, campaign: Campaign, cutoff: datetime) -> RoundsRecord:
    record = RoundsRecord()
    for round_ in session.scalars(select(CollectionRound).where(CollectionRound.campaign_id == campaign.id,
                                                               CollectionRound.opened_at < cutoff)):
        asked = [row for row in round_.units if row.asked_at and row.asked_at < cutoff]
        statuses = answers(session, round_, cutoff)
        record.held += 1
        record.asked += len(asked)
        record.on_time += sum(statuses[row.unit_id][0] == ON_TIME for row in asked)
        record.late += sum(statuses[row.unit_id][0] == LATE for row in asked)
        record.missing += sum(statuses[row.unit_id][0] == MISSING for row in asked)
        record.chased += sum(bool(row.chased_at and row.chased_at < cutoff) for row in asked)
    return record


def signoffs(session: Session, campaign: Campaign, cutoff: datetime) -> SignoffRecord:
    mine = (AuditEntry.campaign_id == campaign.id, AuditEntry.at < cutoff)
    kinds = Counter(dict(session.execute(select(AuditEntry.kind, func.count()).where(
        *mine, AuditEntry.kind.in_(TRANSITION_EVENTS.values())).group_by(AuditEntry.kind)).all()))
    count = {action: kinds[TRANSITION_EVENTS[action]] for action in TRANSITION_EVENTS}
    # sent back: the office's 退回整改, or its refusal to accept a submission
    refused = sum((data or {}).get("action") == Action.verify.value for data in session.scalars(
        select(AuditEntry.data).where(*mine, AuditEntry.kind == SIGNOFF_REFUSED)))
    return SignoffRecord(verified=count[Action.verify], closed=count[Action.close],
                         rejected=count[Action.reject] + refused,
                         long_term=count[Action.mark_long_term], extended=count[Action.extend],
                         reopened=count[Action.reopen])


def reminders(session: Session, campaign: Campaign, cutoff: datetime) -> RemindersRecord:
    rows = session.execute(select(ReminderSent.kind, ReminderSent.rung).join(Item, ReminderSent.item_id == Item.id)
                           .where(Item.campaign_id == campaign.id, ReminderSent.sent_at < cutoff)).all()
    return RemindersRecord(sent=len(rows), by_kind=dict(Counter(REMINDER_KINDS.get(k, k) for k, _ in rows)),
                           to_leaders=sum(k == "overdue" and rung >= 2 for k, rung in rows),
                           to_chair=sum(k == "overdue" and rung >= 3 for k, rung in rows))
