"""Loading a ledger larger than one chunk: written a chunk at a time, still one transaction, one message per
unit listing all of its items, and one unbroken audit chain."""
from sqlalchemy import select
from world import PEOPLE

from models.directory.apply import apply_directory
from models.directory.org_file import OrgDoc
from models.ledger_files import load as ledger_load
from models.ledger_files.document import LedgerDoc
from models.store import audit_chain
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.outbox import OutboxMessage

UNITS = ["办公室", "财务处", "人事处"]


def seven_items() -> LedgerDoc:
    return LedgerDoc.model_validate({
        "campaign": {"title": "分批写入测试台账", "source_type": "审计"}, "aspects": ["方面一", "方面二"],
        "items": [{"row": n + 2, "number": str(n), "aspect": f"方面{'一二'[n % 2]}", "text": f"问题{n}",
                   "measures": [{"text": f"措施{n}"}], "lead_unit": UNITS[n % 3], "cooperating_units": [],
                   "deadline_kind": "none", "initial_state": "closed" if n == 7 else None}
                  for n in range(1, 8)]})


def test_a_ledger_larger_than_a_chunk_loads_whole_and_tells_each_unit_once(sqlite_url, monkeypatch):
    monkeypatch.setattr(ledger_load, "CHUNK", 3)
    with unit_of_work(sqlite_url) as uow:
        apply_directory(uow, OrgDoc.model_validate({"people": PEOPLE}), "测试")
    with unit_of_work(sqlite_url) as uow:
        summary = ledger_load.load_ledger(uow, seven_items())
    assert (summary.items, summary.states) == (7, {"assigned": 6, "closed": 1})

    with reading(sqlite_url) as session:
        items = session.scalars(select(Item).order_by(Item.position)).all()
        assert [(i.position, i.number, len(i.measures)) for i in items] == [(n, str(n), 1) for n in range(1, 8)]
        imported = session.scalars(select(AuditEntry).where(AuditEntry.kind == "item_imported")
                                   .order_by(AuditEntry.seq)).all()
        assert [e.item_id for e in imported] == [i.id for i in items]
        assert audit_chain.verify(session).ok
        told = {m.recipient: [row["number"] for row in m.context["items"]]
                for m in session.scalars(select(OutboxMessage).where(OutboxMessage.event == "ledger_imported"))}
    assert told == {"办公室联络员": ["3", "6"], "办公室主任": ["3", "6"], "财务联络员": ["1", "4", "7"],
                    "财务处长": ["1", "4", "7"], "人事联络员": ["2", "5"]}
