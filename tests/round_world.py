"""Four units with open items, everyone reachable at a real SMTP receiver on 127.0.0.1."""
from datetime import datetime, timezone

from openpyxl import load_workbook

from models.collection.form_spec import (
    COLUMN_INDEX,
    EVIDENCE,
    FIRST_ROW,
    ID,
    INFO_ROW,
    META_SHEET,
    PERCENT,
    PROGRESS,
    READY,
    REPORTER_COLUMN,
)
from models.directory.apply import apply_directory
from models.directory.org_file import OrgDoc
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import load_ledger
from models.store.unit_of_work import unit_of_work

WEEK = "2026-W48"
OPEN_AT = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)  # Monday 09:00 Asia/Shanghai
BEFORE_DUE = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
LATE_ANSWER = datetime(2026, 11, 26, 9, 15, tzinfo=timezone.utc)  # Thursday 17:15, after the 17:00 due time
AFTER_DUE = datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc)  # Thursday 17:30 Asia/Shanghai
UNITS = ["办公室", "财务处", "人事处", "信息中心"]
LEADERS = {"办公室": "副局长甲", "财务处": "副局长乙", "人事处": "副局长甲", "信息中心": "副局长乙"}


def person(name, unit, roles, smtp):
    return {"name": name, "unit": unit, "roles": roles, "addresses": [smtp.mailto_url(f"{abs(hash(name))}@example.org")]}


def build_round_world(db_url, smtp) -> None:
    people = [person("组长", "局领导", ["chair", "member", "leader"], smtp),
              person("副局长甲", "局领导", ["member", "leader"], smtp),
              person("副局长乙", "局领导", ["member", "leader"], smtp),
              person("整改办甲", "整改办", ["office"], smtp), person("整改办乙", "整改办", ["office"], smtp)]
    for unit in UNITS:
        people += [person(f"{unit}联络员", unit, ["liaison"], smtp), person(f"{unit}负责人", unit, ["unit_head"], smtp)]
    with unit_of_work(db_url) as uow:
        apply_directory(uow, OrgDoc.model_validate({"people": people}), "测试")
    items = [("办公室", ["财务处"]), ("财务处", []), ("人事处", []), ("信息中心", []), ("办公室", [])]
    doc = LedgerDoc.model_validate({
        "campaign": {"title": "周报测试整改台账", "source_type": "巡察"}, "aspects": ["方面一", "方面二"],
        "items": [{"row": n + 3, "number": str(n), "aspect": "方面一" if n < 3 else "方面二", "text": f"问题{n}",
                   "measures": [{"text": f"措施{n}"}], "lead_unit": unit, "cooperating_units": coop,
                   "leader": LEADERS[unit], "deadline": "2026-12-01", "deadline_text": "2026年12月1日",
                   "deadline_kind": "date"} for n, (unit, coop) in enumerate(items, 1)]})
    with unit_of_work(db_url) as uow:
        load_ledger(uow, doc, now=OPEN_AT)


def asked_round(db_url, smtp, data_dir):
    """The round world with its round opened and every unit asked, through the functions the flow's tasks call:
    (plan, {unit: its form})."""
    from models.collection.steps import ask, plan_round

    build_round_world(db_url, smtp)
    plan = plan_round(db_url, "周报测试整改台账", WEEK, OPEN_AT)
    for unit_id, _ in plan.units:
        ask(db_url, plan.round_id, unit_id, data_dir, OPEN_AT)
    return plan, {p.name.split("-")[2]: p for p in data_dir.rglob("*报送表.xlsx")}


def fill_form(path, answers: dict[int, dict], save_as=None, reporter: str | None = "{unit}联络员"):
    """Fill the yellow columns as a unit would: {item_id: {"progress":…, "percent":…, "evidence":…, "ready":…}},
    and name who reports ("{unit}" stands for the form's unit; None leaves it empty)."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    if reporter is not None:
        unit = dict(book[META_SHEET].iter_rows(min_col=1, max_col=2, max_row=10, values_only=True))["unit"]
        sheet.cell(INFO_ROW, REPORTER_COLUMN).value = reporter.format(unit=unit)
    row = FIRST_ROW
    while sheet.cell(row, COLUMN_INDEX[ID]).value:
        item_id = int(str(sheet.cell(row, COLUMN_INDEX[ID]).value).lstrip("#"))
        for key, column in (("progress", PROGRESS), ("percent", PERCENT), ("evidence", EVIDENCE), ("ready", READY)):
            if key in answers.get(item_id, {}):
                sheet.cell(row, COLUMN_INDEX[column]).value = answers[item_id][key]
        row += 1
    target = save_as or path
    book.save(target)
    return target
