"""The ledger (台账) as the office keeps it: an .xlsx with the columns the importer reads, one row per
problem, so exporting and importing gives the same ledger. Rows are filled red/yellow/green."""
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.ledger import Campaign, Item
from models.ledger_files.deadlines import parse_deadline
from models.lights import lights_for
from models.progress import ProgressEntry
from models.vocabulary import REPORT_LABELS, State
from models.xlsx_cells import landscape_a4

HEADER = ["序号", "问题类别", "具体问题", "整改措施", "责任领导", "牵头单位", "配合单位", "整改时限", "整改进展",
          "完成情况", "备注"]
WIDTHS = [8, 22, 40, 50, 10, 14, 18, 16, 40, 12, 16]
FILLS = {"red": "F8CBAD", "yellow": "FFE699", "green": "C6EFCE"}
THIN = Side(style="thin", color="999999")


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


def _latest_progress(session: Session, item: Item) -> str | None:
    return session.scalar(select(ProgressEntry.text).where(ProgressEntry.item_id == item.id,
                                                           ProgressEntry.unit_id == item.lead_unit_id)
                          .order_by(ProgressEntry.reported_at.desc(), ProgressEntry.id.desc()).limit(1))


def export_ledger(session: Session, campaign: Campaign, path: Path, today: date) -> int:
    items = session.scalars(select(Item).where(Item.campaign_id == campaign.id).order_by(Item.position)).all()
    lights = lights_for(session, items, today)
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append([campaign.title])
    sheet.append([f"问题来源：{campaign.source_type}"
                  + (f"　反馈时间：{campaign.feedback_date:%Y年%m月%d日}" if campaign.feedback_date else "")
                  + f"　导出时间：{today:%Y年%m月%d日}"])
    sheet.append(HEADER)
    for item in items:
        sheet.append([
            item.number, item.aspect.title, item.text,
            _measures_cell(item),
            item.leader.name if item.leader else None, item.lead_unit.name,
            "、".join(u.name for u in item.cooperating_units) or None, _deadline_cell(item),
            _latest_progress(session, item), REPORT_LABELS[State(item.state)], item.remarks])
        if lights[item.id]:
            for cell in sheet[sheet.max_row]:
                cell.fill = PatternFill("solid", fgColor=FILLS[lights[item.id]])
    _layout(sheet, len(items))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return len(items)


def _layout(sheet, rows: int) -> None:
    last = get_column_letter(len(HEADER))
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in sheet.iter_rows(min_row=3, max_row=3 + rows):
        for cell in row:
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            if cell.row > 3:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.column == 8 and isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:{last}{3 + rows}"
    sheet.print_title_rows = "3:3"
    landscape_a4(sheet)
