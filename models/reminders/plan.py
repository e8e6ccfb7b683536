"""The daily reminders (催办督办): what is due for each item, request and unit on a day, and who is told.
(Sending them: send.py.)"""
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.directory.signers import eligible_approvers
from models.domain.deadlines import add_months
from models.domain.events import FOLLOWUP_CONFIRMED
from models.domain.vocabulary import OPEN_STATES, Action, Role, State
from models.domain.working_days import CalendarUnknown, working_days_after
from models.queries.calendar import load_office_calendar
from models.store.batches import batched
from models.store.collector import collector_paused
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.audit import AuditEntry
from models.tables.ledger import Campaign, Item, Measure
from models.tables.progress import ProgressEntry

REPEATING = {"overdue"}  # sent again on later days at the same rung; the others once per rung
KIND_LABELS = {"due_soon": "即将到期", "overdue": "已超期", "approval_waiting": "审批催办",
               "stage_target": "阶段目标未报进展", "follow_up": "回头看"}
ALL = frozenset(KIND_LABELS)
FOLLOW_UP = frozenset({"follow_up"})  # the follow-up checks (回头看), a deployment of their own
DAILY = ALL - FOLLOW_UP


class Reminder(BaseModel):
    kind: str
    subject: str  # item:12, measure:7, request:5, target:3
    rung: int
    item_id: int | None
    recipients: list[int]  # person ids
    line: dict  # what the message says about it


def _item_line(item: Item, detail: str) -> dict:
    return {"item_id": item.id, "number": item.number, "text": item.text, "unit": item.lead_unit.name,
            "deadline": item.deadline_text or (item.deadline.isoformat() if item.deadline else ""), "detail": detail}


def _ids(people) -> list[int]:
    return list(dict.fromkeys(p.id for p in people))


@collector_paused()
def plan(directory: Directory, day: date, kinds: frozenset[str] = ALL,
         unknown_years: set[int] | None = None) -> list[Reminder]:
    """Every reminder of these kinds due on `day`, before removing those already sent. A campaign's items,
    their dated measures and their closings are read in a few queries, not a few per item. An item whose reminders
    need the working days of a year the calendar does not know is left out and the year added to `unknown_years`
    (without it, the refusal is raised)."""
    session = directory.session
    load_office_calendar(session)
    reminders: list[Reminder] = []
    chair = directory.with_role(Role.chair)
    office = directory.with_role(Role.office)
    states = (list(OPEN_STATES) if kinds - FOLLOW_UP else []) + ([State.closed.value] if kinds & FOLLOW_UP else [])
    for campaign in session.scalars(select(Campaign).order_by(Campaign.id)).all():
        policy, zone = campaign.reminders, ZoneInfo(campaign.collect_timezone)
        measures = _dated_measures(session, campaign, day) if kinds - FOLLOW_UP else {}
        closings = _closings(session, campaign) if kinds & FOLLOW_UP else {}
        which = and_(Item.campaign_id == campaign.id, Item.state.in_(states))
        directory.load(set(session.scalars(select(Item.lead_unit_id).where(which).distinct())) |
                       {m.unit_id for ms in measures.values() for m in ms if m.unit_id}, ())
        for items in _item_chunks(session, which):
            for item in items:
                try:
                    reminders += _for_item(directory, item, day, zone, policy, chair, measures, closings)
                except CalendarUnknown as missing:
                    if unknown_years is None:
                        raise
                    unknown_years.add(missing.year)
        if kinds - FOLLOW_UP:
            reminders += _approvals(directory, campaign, day, zone, policy, office)
    return [r for r in reminders if r.kind in kinds]


def _item_chunks(session: Session, which) -> Iterator[list[Item]]:
    """The items `which` selects, in ledger order, a few thousand at a time (a province's 100,000 items held as ORM
    objects at once were most of a day's reminders' memory; the session holds those nobody holds only weakly)."""
    positions = session.scalars(select(Item.position).where(which).distinct().order_by(Item.position)).all()
    for chunk in batched(positions):
        yield session.scalars(select(Item).where(which, Item.position.between(chunk[0], chunk[-1]))
                              .order_by(Item.position)).all()


def _for_item(directory, item, day, zone, policy, chair, measures, closings) -> list[Reminder]:
    contacts = directory.unit_contacts(item.lead_unit_id)
    leader = item.leaders
    if item.state == State.closed.value:
        return _follow_up(item, closings.get(item.id), day, zone, policy, contacts + leader)
    reminders = []
    if item.deadline and item.deadline >= day:
        left = working_days_after(day, item.deadline, at_most=max(policy.due_soon))
        rung = next((t for t in sorted(policy.due_soon) if left <= t), None)
        if rung is not None:
            reminders.append(Reminder(kind="due_soon", subject=f"item:{item.id}", rung=rung,
                                      item_id=item.id, recipients=_ids(contacts),
                                      line=_item_line(item, f"距整改时限还有 {left} 个工作日")))
    elif item.deadline:
        reminders += _overdue(item, day, policy, contacts, leader, chair)
    reminders += _measures_due(directory, item, measures.get(item.id, ()), day, policy)
    if item.state == State.long_term.value:
        reminders += _stage_targets(directory.session, item, day, policy, contacts + leader)
    return reminders


def _dated_measures(session, campaign, day) -> dict[int, list[Measure]]:
    """Open items' unfinished measures whose deadline has not passed, by item."""
    result: dict[int, list[Measure]] = defaultdict(list)
    for measure in session.scalars(select(Measure).join(Item).where(
            Item.campaign_id == campaign.id, Item.state.in_(OPEN_STATES), Measure.done.is_(False), Measure.deadline >= day)
            .order_by(Measure.item_id, Measure.position)):
        result[measure.item_id].append(measure)
    return result


def _closings(session, campaign) -> dict[int, tuple[datetime, set[int]]]:
    """Per item: when it was last closed, and the follow-ups (months) confirmed since then."""
    result: dict[int, tuple[datetime, set[int]]] = {}
    for item_id, kind, at, data in session.execute(
            select(AuditEntry.item_id, AuditEntry.kind, AuditEntry.at, AuditEntry.data)
            .where(AuditEntry.campaign_id == campaign.id, AuditEntry.kind.in_(("item_closed", FOLLOWUP_CONFIRMED)))
            .order_by(AuditEntry.seq)):
        if kind == "item_closed":
            result[item_id] = (at, set())  # a later closing starts the follow-ups over
        elif item_id in result:
            result[item_id][1].add((data or {}).get("months"))
    return result


def _overdue(item, day, policy, contacts, leader, chair) -> list[Reminder]:
    late = working_days_after(item.deadline, day)
    rungs = {1, policy.overdue_leader_after, policy.overdue_chair_after}
    if late < 1 or not (late in rungs or (late - 1) % policy.overdue_every == 0):
        return []
    rung, people, note = 1, list(contacts), "提醒责任单位"
    if late >= policy.overdue_leader_after:
        rung, people, note = 2, people + leader, "已同时告知责任领导"
    if late >= policy.overdue_chair_after:
        rung, people, note = 3, people + chair, "已报领导小组组长"
    return [Reminder(kind="overdue", subject=f"item:{item.id}", rung=rung, item_id=item.id, recipients=_ids(people),
                     line=_item_line(item, f"已超期 {late} 个工作日，{note}"))]


def _measures_due(directory, item, measures, day, policy) -> list[Reminder]:
    result = []
    for measure in measures:
        left = working_days_after(day, measure.deadline, at_most=max(policy.due_soon))
        rung = next((t for t in sorted(policy.due_soon) if left <= t), None)
        if rung is not None:
            people = directory.unit_contacts(measure.unit_id or item.lead_unit_id)
            line = _item_line(item, f"整改措施{measure.position}「{measure.text[:30]}」距时限还有 {left} 个工作日")
            result.append(Reminder(kind="due_soon", subject=f"measure:{measure.id}", rung=rung, item_id=item.id,
                                   recipients=_ids(people), line=line))
    return result


def _stage_targets(session, item, day, policy, people) -> list[Reminder]:
    result = []
    for target in item.stage_targets:
        if target.due is None or target.due >= day:
            continue
        since = datetime.combine(target.due - timedelta(days=policy.stage_grace_days), time.min,
                                 ZoneInfo(item.campaign.collect_timezone))
        reported = session.scalar(select(ProgressEntry.id).where(ProgressEntry.item_id == item.id,
                                                                 ProgressEntry.reported_at >= since).limit(1))
        if reported is None:
            result.append(Reminder(kind="stage_target", subject=f"target:{target.id}", rung=1, item_id=item.id,
                                   recipients=_ids(people),
                                   line=_item_line(item, f"阶段目标「{target.text[:30]}」已于 {target.due} 到期，尚未报送进展")))
    return result


def _follow_up(item, closing, day, zone, policy, people) -> list[Reminder]:
    if closing is None:
        return []
    closed, confirmed = closing
    due = [m for m in policy.followup_months
           if add_months(closed.astimezone(zone).date(), m) <= day and m not in confirmed]
    if not due:
        return []
    months = max(due)
    detail = (f"销号已满 {months} 个月，请开展回头看：确认问题未反弹（rectiflow followup confirm {item.id} --months {months}）"
              f"，或如有反弹申请重新整改")
    return [Reminder(kind="follow_up", subject=f"item:{item.id}", rung=months, item_id=item.id,
                     recipients=_ids(people), line=_item_line(item, detail))]


def _approvals(directory, campaign, day, zone, policy, office) -> list[Reminder]:
    session, result = directory.session, []
    waiting = session.scalars(select(ApprovalRequest).join(Item).where(
        Item.campaign_id == campaign.id, ApprovalRequest.status == PENDING).order_by(ApprovalRequest.id)).all()
    for request in waiting:
        age = working_days_after(request.requested_at.astimezone(zone).date(), day)
        if age <= policy.approval_after:
            continue
        item = session.get(Item, request.item_id)
        people, rung, note = eligible_approvers(directory, item, request), 1, "请审批人及时审批"
        if age > policy.approval_office_after:
            people, rung, note = people + office, 2, "已同时告知整改办"
        line = _item_line(item, f"「{Action(request.action).label}」审批申请 #{request.id} 已等待 {age} 个工作日，{note}")
        result.append(Reminder(kind="approval_waiting", subject=f"request:{request.id}", rung=rung, item_id=item.id,
                               recipients=_ids(people), line=line))
    return result
