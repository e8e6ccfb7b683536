"""Small helpers shared by the workbooks Rectiflow writes (forms, summaries)."""
import unicodedata
from typing import Any

from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.domain.text import clean_text


def put(cell, value: Any) -> None:
    """The one way Rectiflow writes a cell: text always stays text — "=HYPERLINK(…)", "+1", "-x", "@SUM" are
    typed as strings, never formulas — and control characters are dropped (they would break the file)."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    else:
        cell.value = value


def put_row(sheet: Worksheet, row: int, values: list[Any]) -> None:
    """A row of values from column A, each written with `put`."""
    for column, value in enumerate(values, 1):
        put(sheet.cell(row, column), value)


def display_width(text: str) -> int:
    """Columns the text takes: wide (CJK) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def landscape_a4(sheet: Worksheet) -> None:
    """Print on A4 landscape, one page wide, centred, with page numbers."""
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def named_style(workbook: Workbook, name: str, **attributes) -> str:
    """Register a cell style once per workbook (it shows in Excel's style list under `name`) and return the
    name to assign to cells: far cheaper than setting border, fill and alignment cell by cell, which makes
    openpyxl hash each object again — a 10,000-row sheet would take minutes."""
    if name not in workbook.named_styles:
        workbook.add_named_style(NamedStyle(name=name, **attributes))
    return name


def title_row(sheet: Worksheet, row: int, text: str, last_column: str) -> None:
    """A sheet's title: bold 14 pt, centred across the table's columns."""
    put(sheet.cell(row, 1), text)
    sheet.merge_cells(f"A{row}:{last_column}{row}")
    sheet.cell(row, 1).font = Font(bold=True, size=14)
    sheet.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[row].height = 26
