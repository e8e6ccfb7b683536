"""A small organisation and ledger that engine tests act on, built through the real loaders."""
from dataclasses import dataclass
from datetime import date

from steps import office_today

from models.directory.apply import apply_directory
from models.directory.org_file import OrgDoc
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import load_ledger
from models.store.unit_of_work import unit_of_work

PEOPLE = [
    {"name": "组长", "unit": "局领导", "roles": ["chair", "member", "leader"]},
    {"name": "成员甲", "unit": "局领导", "roles": ["member", "leader"]},
    {"name": "成员乙", "unit": "局领导", "roles": ["member", "leader"]},
    {"name": "成员丙", "unit": "局领导", "roles": ["member"]},
    {"name": "整改办甲", "unit": "整改办", "roles": ["office"]},
    {"name": "整改办乙", "unit": "整改办", "roles": ["office"]},
    {"name": "办公室联络员", "unit": "办公室", "roles": ["liaison"]},
    {"name": "办公室主任", "unit": "办公室", "roles": ["unit_head"]},
    {"name": "财务联络员", "unit": "财务处", "roles": ["liaison"]},
    {"name": "财务处长", "unit": "财务处", "roles": ["unit_head"]},
    {"name": "人事联络员", "unit": "人事处", "roles": ["liaison"]},
]


def ledger(items: int, unit: str = "办公室", cooperating: list[str] | None = None) -> LedgerDoc:
    return LedgerDoc.model_validate({
        "campaign": {"title": "测试巡察整改台账", "source_type": "巡察", "feedback_date": "2026-10-26"},
        "aspects": ["方面一"],
        "items": [{"row": n + 2, "number": str(n), "aspect": "方面一", "text": f"问题{n}",
                   "measures": [{"text": f"措施{n}-1"}, {"text": f"措施{n}-2"}], "lead_unit": unit,
                   "cooperating_units": cooperating or [], "leader": "成员甲",
                   "deadline": "2026-12-31", "deadline_text": "2026年12月底", "deadline_kind": "date"}
                  for n in range(1, items + 1)],
    })


@dataclass
class World:
    db_url: str

    @property
    def today(self) -> date:
        return office_today()  # the world is acted on at the real clock


def build_world(db_url: str, items: int = 3, cooperating: list[str] | None = None) -> World:
    with unit_of_work(db_url) as uow:
        apply_directory(uow, OrgDoc.model_validate({"people": PEOPLE}), "测试")
    with unit_of_work(db_url) as uow:
        load_ledger(uow, ledger(items, cooperating=cooperating))
    return World(db_url)

