"""What the dashboard and report page tests look at: tests/world.py's organisation and ledger (its items led by
办公室 with 财务处 cooperating), the corpus's 巡察 ledger with the states its file gives, and a small ledger with an
overdue item whose text holds markup."""
from datetime import date, datetime, timedelta

from corpus import section_rows

from models.domain.clock import utcnow
from models.ledger_files import read_ledger
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import import_ledger_doc
from models.queries.campaigns import list_campaigns

MARKUP = "<script>alert(1)</script>公车私用"
OVERDUE_TITLE = "逾期测试整改台账"


def overdue_ledger(today: date) -> LedgerDoc:
    late = today - timedelta(days=10)
    return LedgerDoc.model_validate({
        "campaign": {"title": OVERDUE_TITLE, "source_type": "督查"}, "aspects": ["作风方面"],
        "items": [{"row": 3, "number": "1", "aspect": "作风方面", "text": MARKUP, "measures": [{"text": "立即整改"}],
                   "lead_unit": "办公室", "leader": "成员甲", "deadline": late.isoformat(),
                   "deadline_text": f"{late.year}年{late.month}月{late.day}日", "deadline_kind": "date"},
                  {"row": 4, "number": "2", "aspect": "作风方面", "text": "会议室超标", "measures": [{"text": "腾退"}],
                   "lead_unit": "财务处", "leader": "成员乙", "deadline": (today + timedelta(days=60)).isoformat(),
                   "deadline_text": "两个月内", "deadline_kind": "date"}]})


def add_ledgers(db_url: str, tmp_path, today: date) -> dict[str, int]:
    """Both ledgers imported as the CLI imports; campaign title -> id."""
    import_ledger_doc(db_url, read_ledger(section_rows.build(tmp_path / "section_rows.xlsx")))
    import_ledger_doc(db_url, overdue_ledger(today))
    return {c.title: c.id for c in list_campaigns(db_url)}


def before_now(moment: datetime) -> datetime:
    """The moment, or a little before now if it is still ahead (a round opens on Monday morning)."""
    return min(moment, utcnow() - timedelta(minutes=5))
