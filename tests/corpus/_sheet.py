"""What every corpus workbook shares: the fonts, borders and alignments Chinese offices use,
and the rule by which an aspect heading loses its numbering ("一、关于……方面" -> "关于……方面")."""
import re

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="方正小标宋简体", size=18)
SUBTITLE_FONT = Font(name="楷体_GB2312", size=12)
HEADER_FONT = Font(name="黑体", size=11)
SECTION_FONT = Font(name="黑体", size=11)
BODY_FONT = Font(name="仿宋_GB2312", size=11)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
AMOUNT_FORMAT = "#,##0.00"

_CN = "[一二三四五六七八九十]+"
_NUMBERING = re.compile(rf"^\s*(?:{_CN}\s*[、.．]|[（(]\s*{_CN}\s*[）)])\s*")


def aspect_title(heading: str) -> str:
    """The aspect as an importer keeps it: the heading without its "一、" / "（二）" numbering."""
    return _NUMBERING.sub("", heading).strip()


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def merged_line(ws: Worksheet, row: int, first: int, last: int, text: str, font: Font,
                alignment: Alignment = CENTER, *, bordered: bool = False, height: float | None = None) -> None:
    """One text written across columns first..last of a row (title, subtitle, section, note rows)."""
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=first, value=text)
    cell.font = font
    cell.alignment = alignment
    if bordered:
        for column in range(first, last + 1):
            ws.cell(row=row, column=column).border = BORDER
    if height:
        ws.row_dimensions[row].height = height


def body(ws: Worksheet, row: int, column: int, value, *, center: bool = False, number_format: str | None = None):
    cell = ws.cell(row=row, column=column, value=value)
    cell.font = BODY_FONT
    cell.alignment = CENTER if center else LEFT
    cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    return cell


def header(ws: Worksheet, row: int, names: list[str], *, first_column: int = 1, height: float = 30) -> None:
    for offset, name in enumerate(names):
        cell = ws.cell(row=row, column=first_column + offset, value=name)
        cell.font = HEADER_FONT
        cell.alignment = CENTER
        cell.border = BORDER
    ws.row_dimensions[row].height = height


def merge_down(ws: Worksheet, column: int, first_row: int, last_row: int) -> None:
    """Merge one column over rows first..last (the value stays in the first row), borders kept."""
    if last_row > first_row:
        ws.merge_cells(start_row=first_row, start_column=column, end_row=last_row, end_column=column)
    for row in range(first_row, last_row + 1):
        ws.cell(row=row, column=column).border = BORDER


def numbered_rows(first_row: int, categories: list[tuple[str, list]]) -> list[tuple[int, str, int, object]]:
    """(excel row, category, 序号, entry) for flat ledgers whose 序号 runs on across categories."""
    entries = [(category, entry) for category, entries in categories for entry in entries]
    return [(first_row + i, category, i + 1, entry) for i, (category, entry) in enumerate(entries)]


def merge_categories(ws: Worksheet, rows: list[tuple[int, str, int, object]], column: int) -> None:
    """The category column merged down over each category's rows, centred, as offices merge it."""
    for category in dict.fromkeys(c for _, c, _, _ in rows):
        category_rows = [row for row, c, _, _ in rows if c == category]
        merge_down(ws, column, category_rows[0], category_rows[-1])
        ws.cell(row=category_rows[0], column=column).alignment = CENTER
