"""The exported ledger's history sheets (layout: history_sheets.py): what the ledger sheet cannot hold in a
cell — measures with their units, deadlines and whether they are done, stage targets, every unit's progress
reports, the evidence files — read back by xlsx_history.py. Times are written as ISO text with their offset."""
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.files.cells import put_row
from models.ledger_files.history_sheets import EVIDENCE, KIND_LABELS, MEASURES, NO, PROGRESS, STAGE_TARGETS, YES
from models.tables.ledger import Item
from models.tables.organisation import Person, Unit
from models.tables.progress import Evidence, ProgressEntry


def write_history(session: Session, book: Workbook, items: list[Item]) -> None:
    numbers = {item.id: item.number for item in items}
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    people = dict(session.execute(select(Person.id, Person.name)).all())
    positions = {m.id: n for item in items for n, m in enumerate((m for m in item.measures if m.kind == "measure"), 1)}
    rows = {
        MEASURES: [[item.number, KIND_LABELS[m.kind], m.text, units.get(m.unit_id), m.deadline_text or m.deadline,
                    YES if m.done else NO] for item in items for m in item.measures],
        STAGE_TARGETS: [[item.number, t.text, t.due] for item in items for t in item.stage_targets],
        PROGRESS: [[numbers[p.item_id], units[p.unit_id], people.get(p.person_id), p.text, p.percent, p.week,
                    p.reported_at.isoformat(), YES if p.done else NO, positions.get(p.measure_id)]
                   for p in _of_items(session, ProgressEntry, numbers, (ProgressEntry.reported_at, ProgressEntry.id))],
        EVIDENCE: [[numbers[e.item_id], e.filename, e.sha256, e.size, people.get(e.added_by_id), e.added_at.isoformat()]
                   for e in _of_items(session, Evidence, numbers, (Evidence.id,))],
    }
    for spec, values in rows.items():
        sheet = book.create_sheet(spec.name)
        for number, row in enumerate([list(spec.columns + spec.later), *values], 1):
            put_row(sheet, number, row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(spec.columns + spec.later, 1):
            sheet.column_dimensions[get_column_letter(index)].width = 40 if column in (
                "内容", "进展", "阶段目标") else 16
        sheet.freeze_panes = "A2"


def _of_items(session: Session, table, numbers: dict[int, str], order) -> list:
    """The table's rows for these items, read for the whole campaign at once."""
    campaign = select(Item.campaign_id).where(Item.id == next(iter(numbers))).scalar_subquery() if numbers else None
    if campaign is None:
        return []
    rows = session.scalars(select(table).join(Item, Item.id == table.item_id)
                           .where(Item.campaign_id == campaign).order_by(*order))
    return [row for row in rows if row.item_id in numbers]  # a filtered export holds some of the campaign's items
