"""Sending the day's reminders: those not sent before, grouped into one message per recipient, held during
quiet hours — and a preview of them that writes nothing. Only on working days of the official calendar."""
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.directory.recipients import rows_for
from models.domain.events import REMINDERS_SENT
from models.domain.working_days import is_working_day
from models.queries.calendar import load_office_calendar
from models.reminders.plan import ALL, FOLLOW_UP, KIND_LABELS, REPEATING, Reminder, plan
from models.store.database import read_only, reading
from models.store.unit_of_work import UnitOfWork, unit_of_work
from models.tables.organisation import Person
from models.tables.reminders import ReminderSent


def unsent(session: Session, reminders: list[Reminder], day: date) -> list[Reminder]:
    sent = session.execute(select(ReminderSent.kind, ReminderSent.subject, ReminderSent.rung, ReminderSent.day)).all()
    once = {(k, s, r) for k, s, r, _ in sent}
    today = {(k, s, r) for k, s, r, d in sent if d == day}
    return [r for r in reminders if r.recipients and
            (r.kind, r.subject, r.rung) not in (today if r.kind in REPEATING else once)]


class Delivery(BaseModel):
    recipient: str
    reminders: list[dict]


def group_by_recipient(session: Session, reminders: list[Reminder]) -> dict[int, list[Reminder]]:
    grouped: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        for person_id in reminder.recipients:
            grouped[person_id].append(reminder)
    return grouped


@read_only
def preview(session: Session, day: date, kinds: frozenset[str] = ALL) -> list[Delivery]:
    """What would be sent on `day`, to whom (nothing is written); refused for a day of a year the calendar does
    not know, or for items whose reminders need one."""
    grouped = group_by_recipient(session, unsent(session, plan(Directory(session), day, kinds), day))
    return [Delivery(recipient=session.get(Person, pid).name,
                     reminders=[{"kind": KIND_LABELS[r.kind], **r.line} for r in rs]) for pid, rs in grouped.items()]


def held_until(now: datetime, zone: str, quiet: tuple[int, int]) -> datetime:
    """During quiet hours (e.g. 20:00–08:00 local) messages wait for the end of them."""
    start, end = quiet
    local = now.astimezone(ZoneInfo(zone))
    in_quiet = local.hour >= start or local.hour < end if start > end else start <= local.hour < end
    if not in_quiet:
        return now
    release = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if release <= local:
        release += timedelta(days=1)
    return release.astimezone(now.tzinfo)


def send(uow: UnitOfWork, day: date, now: datetime, zone: str = "Asia/Shanghai",
         quiet: tuple[int, int] = (20, 8), kinds: frozenset[str] = ALL, unknown_years: set[int] | None = None) -> int:
    """Queue today's unsent reminders: one message per recipient; returns the number of reminders."""
    uow.lock_chain()
    session = uow.session
    reminders = unsent(session, plan(Directory.of(uow), day, kinds, unknown_years), day)
    if not reminders:
        return 0
    counts: dict[str, int] = defaultdict(int)
    for reminder in reminders:
        counts[reminder.kind] += 1
    sender, heading = ("回头看提醒", "回头看提醒") if kinds == FOLLOW_UP else ("每日催办", "催办提醒")
    entry = uow.record(at=now, kind=REMINDERS_SENT, actor_id=None, actor_name=sender,
                       data={"day": day.isoformat(), "counts": dict(counts)})
    release = held_until(now, zone, quiet)
    for person_id, mine in group_by_recipient(session, reminders).items():
        person = session.get(Person, person_id)
        context = {"day": day.isoformat(), "at": now.isoformat(), "actor": sender, "heading": heading,
                   "reminders": [{"kind": KIND_LABELS[r.kind], **r.line} for r in mine]}
        uow.queue(rows_for(entry, person, context, not_before=release))
    session.add_all(ReminderSent(kind=r.kind, subject=r.subject, rung=r.rung, day=day, item_id=r.item_id,
                                 recipients=[session.get(Person, p).name for p in r.recipients], audit_seq=entry.seq,
                                 sent_at=now) for r in reminders)
    return len(reminders)


class ReminderRun(BaseModel):
    day: date
    working_day: bool
    reminders: int = 0  # queued (none on a day that is not a working day)
    unknown_years: list[int] = []  # years whose calendar is missing: the reminders needing them were not sent


def send_on_working_day(db_url: str, day: date, now: datetime, zone: str, quiet: tuple[int, int],
                        kinds: frozenset[str] = ALL) -> ReminderRun:
    """What the daily run (and `rectiflow remind`) does: nothing on a day that is not a working day; refused for a
    day of a year the calendar does not know. Reminders that need such a year are held back and the year named."""
    with reading(db_url) as session:
        load_office_calendar(session)
    if not is_working_day(day):
        return ReminderRun(day=day, working_day=False)
    unknown_years: set[int] = set()
    with unit_of_work(db_url) as uow:
        count = send(uow, day, now, zone, quiet, kinds, unknown_years)
    return ReminderRun(day=day, working_day=True, reminders=count, unknown_years=sorted(unknown_years))
