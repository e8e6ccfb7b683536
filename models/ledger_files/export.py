"""The ledger (台账) as the office keeps it: an .xlsx with the columns the importer reads, one row per problem,
filled red/yellow/green — and, on sheets of their own, everything else the ledger holds (export_history.py), so
that exporting and importing into an empty database gives the same ledger."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.domain.chinese_dates import cn_date
from models.domain.deadlines import parse_deadline
from models.domain.lights import Light
from models.domain.vocabulary import REPORT_LABELS, State
from models.files.cells import landscape_a4, named_style, put, put_row
from models.ledger_files.export_history import write_history
from models.queries.campaigns import the_campaign
from models.queries.item_filter import ItemFilter, item_conditions
from models.queries.lights import lights_for
from models.queries.progress import latest_progress
from models.store.collector import collector_paused
from models.store.database import read_only
from models.tables.ledger import Campaign, Item
from models.tables.progress import ProgressEntry

FILLS = {"red": "F8CBAD", "yellow": "FFE699", "green": "C6EFCE"}
HEADER_ROW, FIRST_ROW = 3, 4  # below the title and the source line, as the importer reads it
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Column:
    header: str  # one the importer reads
    width: int
    value: Callable[[Item, dict], object]  # (item, its lead unit's latest progress by item id) -> cell value
    optional: bool = False  # written only when some item has it


def _deadline_cell(item: Item) -> str | date | None:
    """The office's own wording when it still means the current deadline, else the date."""
    if item.deadline_text:
        try:
            when, _, kind = parse_deadline(item.deadline_text)
        except ValueError:
            return item.deadline or item.deadline_text
        if when == item.deadline or (when is None and item.deadline is None and kind != "date"):
            return item.deadline_text
    return item.deadline


def _measures_cell(item: Item, kind: str) -> str | None:
    texts = [m.text for m in item.measures if m.kind == kind]
    return texts[0] if len(texts) == 1 else "\n".join(f"{n}.{t}" for n, t in enumerate(texts, 1)) or None


COLUMNS = (
    Column("序号", 8, lambda i, _: i.number),
    Column("问题类别", 22, lambda i, _: i.aspect.title),
    Column("反馈问题", 30, lambda i, _: i.parent_text, optional=True),
    Column("具体问题", 40, lambda i, _: i.text),
    Column("整改措施", 50, lambda i, _: _measures_cell(i, "measure")),
    Column("整改目标", 36, lambda i, _: _measures_cell(i, "target"), optional=True),
    Column("责任领导", 10, lambda i, _: i.leader_names),
    Column("牵头单位", 14, lambda i, _: i.lead_unit.name),
    Column("配合单位", 18, lambda i, _: "、".join(i.cooperating_names) or None),
    Column("整改时限", 16, lambda i, _: _deadline_cell(i)),
    Column("整改进展", 40, lambda i, latest: latest[i.id].text if i.id in latest else None),
    Column("完成情况", 12, lambda i, _: REPORT_LABELS[State(i.state)]),
    Column("问题金额（万元）", 12, lambda i, _: i.problem_amount, optional=True),
    Column("整改到位金额（万元）", 12, lambda i, _: i.rectified_amount, optional=True),
    Column("备注", 16, lambda i, _: i.remarks),
)


@collector_paused()
def export_ledger(session: Session, campaign: Campaign, path: Path, today: date,
                  wanted: ItemFilter | None = None) -> int:
    """`wanted`: only the items it selects (a filtered board's export), else the whole campaign."""
    conditions = item_conditions(wanted, today) if wanted else []
    items = session.scalars(select(Item).where(Item.campaign_id == campaign.id, *conditions).order_by(Item.position)
                            .options(selectinload(Item.measures), selectinload(Item.cooperating),
                                     selectinload(Item.stage_targets))).all()
    lights = lights_for(session, items, today)
    if wanted and wanted.light:
        items = [i for i in items if lights[i.id] == wanted.light]
    campaign_items = select(Item.id).where(Item.campaign_id == campaign.id)
    lead = {i.id: i.lead_unit_id for i in items}
    latest = {item_id: entry for (item_id, unit_id), entry
              in latest_progress(session, ProgressEntry.item_id.in_(campaign_items)).items() if lead.get(item_id) == unit_id}
    columns = [c for c in COLUMNS if not c.optional or any(c.value(i, latest) is not None for i in items)]
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    put_row(sheet, 1, [campaign.title])
    put_row(sheet, 2, [f"问题来源：{campaign.source_type}"
                       + (f"　反馈时间：{cn_date(campaign.feedback_date)}" if campaign.feedback_date else "")
                       + (f"　集中整改期限：{cn_date(campaign.period_end)}" if campaign.period_end else "")
                       + f"　导出时间：{cn_date(today)}"])
    put_row(sheet, HEADER_ROW, [c.header for c in columns])
    styles = _body_styles(book)
    for row, item in enumerate(items, FIRST_ROW):
        for number, column in enumerate(columns, 1):
            value = column.value(item, latest)
            cell = sheet.cell(row, number)
            put(cell, value)
            cell.style = styles[lights[item.id], isinstance(value, date)]
    lay_out_ledger(sheet, [c.width for c in columns], len(items))
    write_history(session, book, items)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return len(items)


def _body_styles(book: Workbook) -> dict[tuple[str | None, bool], str]:
    """A named style per light and per date-or-not: a style object per cell would take minutes at 10,000 rows."""
    styles = {}
    for light, label in ((None, "台账"), *((light, f"台账·{Light(light).label}") for light in FILLS)):
        fill = {"fill": PatternFill("solid", fgColor=FILLS[light])} if light else {}
        for is_date in (False, True):
            styles[light, is_date] = named_style(
                book, label + ("·日期" if is_date else ""), border=BORDER, **fill,
                alignment=Alignment(vertical="top", wrap_text=True),
                number_format="yyyy-mm-dd" if is_date else "General")
    return styles


def lay_out_ledger(sheet, widths: list[int], rows: int) -> None:
    """Title and source line merged across, the header bold, frozen and filtered, printed on A4 landscape: how a
    ledger Rectiflow writes (exported or drafted) looks."""
    last = get_column_letter(len(widths))
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + rows}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    landscape_a4(sheet)


@read_only
def export_ledger_file(session: Session, campaign: str | None, path: Path, today: date,
                       wanted: ItemFilter | None = None) -> int:
    """The ledger of the campaign named (or the only one) written to `path`, or only the items `wanted`
    selects of it; returns the number of items."""
    return export_ledger(session, the_campaign(session, campaign), path, today, wanted)
