"""The ledger (台账) as the office keeps it: an .xlsx with the columns the importer reads, one row per
problem, so exporting and importing gives the same ledger. Rows are filled red/yellow/green."""
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
from models.queries.campaigns import the_campaign
from models.queries.lights import lights_for
from models.queries.progress import latest_progress
from models.store.collector import collector_paused
from models.store.database import read_only
from models.tables.ledger import Campaign, Item
from models.tables.progress import ProgressEntry

HEADER = ["序号", "问题类别", "具体问题", "整改措施", "责任领导", "牵头单位", "配合单位", "整改时限", "整改进展",
          "完成情况", "备注"]
WIDTHS = [8, 22, 40, 50, 10, 14, 18, 16, 40, 12, 16]
FILLS = {"red": "F8CBAD", "yellow": "FFE699", "green": "C6EFCE"}
HEADER_ROW, FIRST_ROW = 3, 4  # below the title and the source line, as the importer reads it
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _deadline_cell(item: Item) -> str | date | None:
    """The office's own wording when it still means the current deadline (an extension changes it)."""
    if item.deadline_text:
        try:
            if parse_deadline(item.deadline_text)[0] == item.deadline:
                return item.deadline_text
        except ValueError:
            pass
    return item.deadline


def _measures_cell(item: Item) -> str | None:
    texts = [m.text for m in item.measures]
    return texts[0] if len(texts) == 1 else "\n".join(f"{n}.{t}" for n, t in enumerate(texts, 1)) or None


@collector_paused()
def export_ledger(session: Session, campaign: Campaign, path: Path, today: date) -> int:
    items = session.scalars(select(Item).where(Item.campaign_id == campaign.id).order_by(Item.position)
                            .options(selectinload(Item.measures), selectinload(Item.cooperating))).all()
    lights = lights_for(session, items, today)
    latest = latest_progress(session, ProgressEntry.item_id.in_(select(Item.id).where(Item.campaign_id == campaign.id)))
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    put_row(sheet, 1, [campaign.title])
    put_row(sheet, 2, [f"问题来源：{campaign.source_type}"
                       + (f"　反馈时间：{cn_date(campaign.feedback_date)}" if campaign.feedback_date else "")
                       + f"　导出时间：{cn_date(today)}"])
    put_row(sheet, HEADER_ROW, HEADER)
    styles = _body_styles(book)
    for row, item in enumerate(items, FIRST_ROW):
        progress = latest.get((item.id, item.lead_unit_id))
        values = [item.number, item.aspect.title, item.text, _measures_cell(item),
                  item.leader_names, item.lead_unit.name,
                  "、".join(u.name for u in item.cooperating_units) or None, _deadline_cell(item),
                  progress.text if progress else None, REPORT_LABELS[State(item.state)], item.remarks]
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row, column)
            put(cell, value)
            cell.style = styles[lights[item.id], isinstance(value, date)]
    _layout(sheet, len(items))
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


def _layout(sheet, rows: int) -> None:
    last = get_column_letter(len(HEADER))
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for index, width in enumerate(WIDTHS, 1):
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
def export_ledger_file(session: Session, campaign: str | None, path: Path, today: date) -> int:
    """The ledger of the campaign named (or the only one) written to `path`; returns the number of items."""
    return export_ledger(session, the_campaign(session, campaign), path, today)
