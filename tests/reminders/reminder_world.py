"""Items with chosen deadlines, for reminder tests (the organisation of tests/world.py)."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from world import PEOPLE

from models.directory.apply import apply_directory
from models.directory.lookup import Directory
from models.directory.org_file import OrgDoc
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import load_ledger
from models.reminders import plan as reminders
from models.reminders.send import send as send_reminders
from models.reminders.send import unsent
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.audit import AuditEntry
from models.tables.outbox import OutboxMessage
from models.tables.reminders import ReminderSent

SHANGHAI = ZoneInfo("Asia/Shanghai")


def nine_am(day: date) -> datetime:
    return datetime.combine(day, time(9), SHANGHAI).astimezone(timezone.utc)


def stamp_schema(db_url: str) -> None:
    """The schema revision recorded, as `rectiflow init` leaves it: the CLI checks it before it reads."""
    from alembic import command

    from deploy.migrate import alembic_config

    command.stamp(alembic_config(db_url), "head")


def build(db_url, deadlines: list[date], imported: date = date(2026, 1, 5), measures: list[dict] = ()) -> None:
    with unit_of_work(db_url) as uow:
        apply_directory(uow, OrgDoc.model_validate({"people": PEOPLE}), "测试")
    doc = LedgerDoc.model_validate({
        "campaign": {"title": "催办测试台账", "source_type": "督查"}, "aspects": ["方面一"],
        "items": [{"row": n + 2, "number": str(n), "aspect": "方面一", "text": f"问题{n}", "measures": list(measures),
                   "lead_unit": "办公室", "leader": "成员甲", "deadline": d.isoformat(), "deadline_text": None,
                   "deadline_kind": "date"} for n, d in enumerate(deadlines, 1)]})
    with unit_of_work(db_url) as uow:
        load_ledger(uow, doc, now=nine_am(imported))


def send(db_url, day: date, now: datetime | None = None) -> int:
    with unit_of_work(db_url) as uow:
        return send_reminders(uow, day, now or nine_am(day))


def planned(db_url, day: date) -> list[reminders.Reminder]:
    with reading(db_url) as session:
        return unsent(session, reminders.plan(Directory(session), day), day)


def written(db_url) -> tuple[int, int, int]:
    with reading(db_url) as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (AuditEntry, OutboxMessage,
                                                                                     ReminderSent))
