"""The exported ledger's history sheets (layout: history_sheets.py): what the ledger sheet cannot hold in a
cell — measures with their units, deadlines and whether they are done, stage targets, every unit's progress
reports, the evidence files — read back by xlsx_history.py. Times are written as ISO text with their offset.
Each sheet is written a row at a time (the workbook keeps constant memory) from plain rows."""
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.files.cells import Workbook, put, put_row
from models.ledger_files.history_sheets import EVIDENCE, KIND_LABELS, MEASURES, NO, PROGRESS, STAGE_TARGETS, YES
from models.queries.report_items import ReportSource
from models.store.batches import streamed
from models.tables.ledger import Item
from models.tables.organisation import Person, Unit
from models.tables.progress import Evidence, ProgressEntry

WIDE = ("内容", "进展", "阶段目标")


def write_history(session: Session, book: Workbook, items: list[ReportSource]) -> None:
    numbers = {item.id: item.number for item in items}
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    people = dict(session.execute(select(Person.id, Person.name)).all())
    positions = {m.id: n for item in items for n, m in enumerate((m for m in item.measures if m.kind == "measure"), 1)}
    progress = (ProgressEntry.item_id, ProgressEntry.unit_id, ProgressEntry.person_id, ProgressEntry.text,
                ProgressEntry.percent, ProgressEntry.week, ProgressEntry.reported_at, ProgressEntry.done,
                ProgressEntry.measure_id)
    evidence = (Evidence.item_id, Evidence.filename, Evidence.sha256, Evidence.size, Evidence.added_by_id,
                Evidence.added_at)
    rows = {
        MEASURES: ([item.number, KIND_LABELS[m.kind], m.text, units.get(m.unit_id), m.deadline_text or m.deadline,
                    YES if m.done else NO] for item in items for m in item.measures),
        STAGE_TARGETS: ([item.number, t.text, t.due] for item in items for t in item.stage_targets),
        PROGRESS: ([numbers[p.item_id], units[p.unit_id], people.get(p.person_id), p.text, p.percent, p.week,
                    p.reported_at.isoformat(), YES if p.done else NO, positions.get(p.measure_id)]
                   for p in _of_items(session, progress, numbers, (ProgressEntry.reported_at, ProgressEntry.id))),
        EVIDENCE: ([numbers[e.item_id], e.filename, e.sha256, e.size, people.get(e.added_by_id), e.added_at.isoformat()]
                   for e in _of_items(session, evidence, numbers, (Evidence.id,))),
    }
    for spec, values in rows.items():
        _history_sheet(book, spec.name, spec.columns + spec.later, values)


def _history_sheet(book: Workbook, name: str, headers: tuple[str, ...], values: Iterable[list]) -> None:
    sheet = book.add_worksheet(name)
    for index, column in enumerate(headers):
        sheet.set_column(index, index, 40 if column in WIDE else 16)
    sheet.freeze_panes(1, 0)
    put_row(sheet, 0, list(headers), book.cell_format(bold=True))
    day = book.cell_format(num_format="yyyy-mm-dd")
    for row, line in enumerate(values, 1):
        for column, value in enumerate(line):
            put(sheet, row, column, value, day if isinstance(value, date) else None)


def _of_items(session: Session, columns: tuple, numbers: dict[int, str], order) -> Iterator:
    """The rows of these items, read for the whole campaign when the sheet is written (a filtered export holds
    some of its items)."""
    if not numbers:
        return
    table = columns[0].class_
    campaign = select(Item.campaign_id).where(Item.id == next(iter(numbers))).scalar_subquery()
    for row in streamed(session, select(*columns).join(Item, Item.id == table.item_id)
                        .where(Item.campaign_id == campaign).order_by(*order)):
        if row.item_id in numbers:
            yield row
