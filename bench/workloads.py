"""The benchmark's workloads. Each takes a database URL (already holding what earlier steps left) and returns
how many rows or items it handled; the runner times it and measures its peak memory in a fresh process."""
import hashlib
import json
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, insert, select, update

ROOT = Path(__file__).parents[1]
UNITS_PER_1000_ITEMS = 20
PEOPLE_AT = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)


def org(units: int):
    from models.directory.org_file import OrgDoc

    people = [{"name": "整改办", "unit": "整改办", "roles": ["office"]},
              {"name": "组长", "unit": "局领导", "roles": ["chair", "member", "leader"]}]
    for u in range(units):
        people += [{"name": f"联络员{u}", "unit": f"单位{u}", "roles": ["liaison"]},
                   {"name": f"负责人{u}", "unit": f"单位{u}", "roles": ["unit_head"]}]
    return OrgDoc.model_validate({"people": people})


def ledger(items: int, units: int):
    from models.ledger_files.document import LedgerDoc

    return LedgerDoc.model_validate({
        "campaign": {"title": f"基准测试台账{items}", "source_type": "巡视"},
        "aspects": [f"方面{a}" for a in range(5)],
        "items": [{"row": n + 3, "number": str(n), "aspect": f"方面{n % 5}", "text": f"问题{n}：" + "整改" * 20,
                   "measures": [{"text": f"措施{n}-{m}"} for m in range(3)], "lead_unit": f"单位{n % units}",
                   "cooperating_units": [f"单位{(n + 1) % units}"] if n % 4 == 0 else [], "leader": "组长",
                   "deadline": (datetime(2027, 1, 1) + timedelta(days=n % 180)).date().isoformat(),
                   "deadline_kind": "date"} for n in range(items)]})


def load(db_url: str, items: int) -> int:
    from models.directory.apply import apply_directory
    from models.ledger_files.load import load_ledger
    from models.store.unit_of_work import unit_of_work

    units = max(2, items * UNITS_PER_1000_ITEMS // 1000)
    with unit_of_work(db_url) as uow:
        apply_directory(uow, org(units), "基准测试", PEOPLE_AT)
    with unit_of_work(db_url) as uow:
        load_ledger(uow, ledger(items, units), now=PEOPLE_AT)
    return items


def engine_transitions(db_url: str, items: int) -> int:
    """Every item started through the engine (state + audit entry + outbox rows), 1,000 per transaction."""
    from models.domain.commands import ActionCommand
    from models.engine.operations import perform_batch

    units = max(2, items * UNITS_PER_1000_ITEMS // 1000)
    commands = [ActionCommand(item_id=i, action="start", actor=f"联络员{(i - 1) % units}") for i in range(1, items + 1)]
    for start in range(0, items, 1000):
        result = perform_batch(db_url, commands[start:start + 1000])
        assert not result.refused, list(result.refused.values())[:3]
    return items


def pending_extensions(db_url: str, items: int) -> int:
    """A tenth of the items' units ask for an extension: requests waiting on the leading group (the approvals page's
    rows), 1,000 per transaction."""
    from datetime import date

    from models.domain.commands import ActionCommand, Change
    from models.engine.operations import perform_batch

    units = max(2, items * UNITS_PER_1000_ITEMS // 1000)
    change = Change(reason="需协调上级部门，申请延期", new_deadline=date(2027, 6, 30))
    commands = [ActionCommand(item_id=i, action="extend", actor=f"联络员{(i - 1) % units}", change=change)
                for i in range(1, items + 1, 10)]
    for start in range(0, len(commands), 1000):
        result = perform_batch(db_url, commands[start:start + 1000])
        assert not result.refused, list(result.refused.values())[:3]
    return len(commands)


def core_transitions(db_url: str, items: int) -> int:
    """The same writes as engine_transitions with raw SQLAlchemy Core: one state update, one chained audit
    row and as many outbox rows per item, 1,000 per transaction — the database's own cost."""
    from models.store.audit_chain import GENESIS
    from models.store.database import engine_for
    from models.tables.audit import AuditEntry, AuditHead
    from models.tables.ledger import Item
    from models.tables.outbox import OutboxMessage

    engine = engine_for(db_url)
    with engine.connect() as connection:
        per_item = connection.scalar(select(func.count()).select_from(OutboxMessage)
                                     .where(OutboxMessage.event == "item_started")) // items
    now = datetime.now(timezone.utc)
    for start in range(1, items + 1, 1000):
        with engine.begin() as connection:
            head = connection.execute(select(AuditHead.seq, AuditHead.hash).with_for_update()).one()
            seq, previous = head.seq, head.hash or GENESIS
            audit, outbox = [], []
            for item_id in range(start, min(start + 1000, items + 1)):
                connection.execute(update(Item).where(Item.id == item_id)
                                   .values(state="in_progress", version=Item.version + 1, updated_at=now))
                seq += 1
                row = {"seq": seq, "at": now, "kind": "core_baseline", "actor_id": None, "actor_name": "基准",
                       "campaign_id": 1, "item_id": item_id, "action": "start", "from_state": "assigned",
                       "to_state": "in_progress", "reason": None, "data": {}, "prev_hash": previous}
                row["hash"] = previous = hashlib.sha256(json.dumps({**row, "at": now.isoformat()}, sort_keys=True,
                                                                   default=str).encode()).hexdigest()
                audit.append(row)
                outbox += [{"audit_seq": seq, "event": "core_baseline", "recipient": f"r{k}", "address": "",
                            "context": {"item_id": item_id}, "status": "sent", "attempts": 0, "attachments": [],
                            "next_attempt_at": now, "created_at": now} for k in range(per_item)]
            connection.execute(insert(AuditEntry), audit)
            connection.execute(insert(OutboxMessage), outbox)
            connection.execute(update(AuditHead).values(seq=seq, hash=previous))
    return items


def weekly_round(db_url: str, items: int, data_dir: Path) -> int:
    """The round as `rectiflow collect open` / `close` run it on the embedded default: the flows' own code (groups
    of units, forms written by a process pool), here without a Prefect server."""
    import os

    os.environ.update(RECTIFLOW_DATABASE_URL=db_url, RECTIFLOW_HOME=str(data_dir))
    from flows.collection import close_round_flow, open_round_flow
    from flows.runtime import start

    opened = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
    report = start(open_round_flow, "1", "2026-W48", opened)
    start(close_round_flow, "1", "2026-W48", datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc))
    return len(report.asked)


def reports(db_url: str, items: int, out: Path) -> int:
    from datetime import date

    from models.reports.docx import write_progress_docx
    from models.reports.progress import build_progress_report
    from models.reports.statistics import build_statistics
    from models.store.collector import collector_paused
    from models.store.database import reading
    from models.tables.ledger import Campaign

    @collector_paused()  # once for the whole, as `write_progress_report` (report progress --charts) pauses it
    def report_and_statistics():
        with reading(db_url) as session:
            campaign = session.get(Campaign, 1)
            report = build_progress_report(session, campaign, date(2026, 11, 30))
            build_statistics(session, campaign, date(2026, 11, 30))
        write_progress_docx(report, out / "report.docx")

    report_and_statistics()
    return items


def export(db_url: str, items: int, out: Path) -> int:
    from datetime import date

    from models.ledger_files.export import export_ledger
    from models.store.database import reading
    from models.tables.ledger import Campaign

    with reading(db_url) as session:
        return export_ledger(session, session.get(Campaign, 1), out / "ledger-export.xlsx", date(2026, 11, 30))


def daily_reminders(db_url: str, items: int) -> int:
    """A day of reminders (due soon, overdue, measures, approvals): planned, grouped per person and queued."""
    from datetime import date

    from models.domain.holiday_notice import read_holiday_notice
    from models.domain.refusals import InvalidInput
    from models.engine.holidays import perform_holiday_import
    from models.files.structured import load_structured
    from models.reminders.send import send
    from models.store.unit_of_work import unit_of_work

    notice = Path(__file__).parents[1] / "rectiflow" / "samples" / "holidays_2027.yaml"  # 2027: not in chinesecalendar
    perform_holiday_import(db_url, read_holiday_notice(load_structured(notice, InvalidInput)), "基准", notice.name)
    day = date(2027, 1, 4)
    with unit_of_work(db_url) as uow:
        return send(uow, day, datetime(2027, 1, 4, 1, 0, tzinfo=timezone.utc))


def audit_verify(db_url: str, entries: int) -> int:
    from models.store import audit_chain
    from models.store.database import reading

    with reading(db_url) as session:
        report = audit_chain.verify(session)
    assert report.ok and report.checked >= entries, report
    return report.checked


def fill_audit(db_url: str, entries: int) -> int:
    """A chain of `entries` audit entries, written fast (this is set-up, not measured)."""
    from models.store import audit_chain
    from models.store.database import engine_for
    from models.tables.audit import AuditEntry, AuditHead

    engine = engine_for(db_url)
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    previous, seq = audit_chain.GENESIS, 0
    with engine.begin() as connection:
        connection.execute(insert(AuditHead).values(id=1, seq=0, hash=previous))
    while seq < entries:
        rows = []
        for _ in range(min(50_000, entries - seq)):
            seq += 1
            entry = AuditEntry(seq=seq, at=at, kind="item_started", actor_id=1, actor_name="基准", campaign_id=1,
                               item_id=seq, action="start", from_state="assigned", to_state="in_progress",
                               reason=None, data={}, prev_hash=previous)
            entry.hash = previous = audit_chain.entry_hash(entry)
            rows.append({c: getattr(entry, c) for c in ("seq", "at", "kind", "actor_id", "actor_name", "campaign_id",
                                                        "item_id", "action", "from_state", "to_state", "reason",
                                                        "data", "prev_hash", "hash")})
        with engine.begin() as connection:
            connection.execute(insert(AuditEntry), rows)
            connection.execute(update(AuditHead).values(seq=seq, hash=previous))
    return entries


def xlsx_file(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("整改台账")
    sheet.append(["基准测试巡察整改台账"])
    sheet.append(["序号", "问题类别", "具体问题", "整改措施", "责任领导", "牵头单位", "配合单位", "整改时限"])
    for n in range(1, rows + 1):
        sheet.append([n, f"方面{n % 5}", f"问题{n}：" + "整改" * 20, f"1.措施{n}-1\n2.措施{n}-2", "组长",
                      f"单位{n % 200}", f"单位{(n + 1) % 200}", "2027年6月底"])
    book.save(path)
    return path


def import_xlsx(db_url: str, path: Path) -> int:
    from models.ledger_files import read_ledger
    from models.ledger_files.load import import_ledger_doc

    doc = read_ledger(path)
    import_ledger_doc(db_url, doc)
    return len(doc.items)


def bare_read(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))


def items_list_cold(db_url: str, items: int) -> int:
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "rectiflow"), "--db", db_url, "items", "list", "--json"],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return items if time.perf_counter() - started > 0 else 0


def bare_audit_read(db_url: str, entries: int) -> int:
    """The anchor for `audit verify`: every audit row streamed in order and hashed (sha256 of its JSON)."""
    from models.store.database import engine_for
    from models.tables.audit import AuditEntry

    count = 0
    with engine_for(db_url).connect() as connection:
        for row in connection.execution_options(yield_per=5000).execute(
                select(AuditEntry.__table__).order_by(AuditEntry.seq)):
            hashlib.sha256(json.dumps(row._asdict(), default=str, sort_keys=True).encode()).hexdigest()
            count += 1
    return count
