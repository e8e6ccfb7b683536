"""Small helpers shared by the workbooks Rectiflow writes (forms, summaries).

They work on normal sheets and on write-only ones (openpyxl's streaming mode, which writes each row out as it is
appended: a sheet of 100,000 rows without holding its cells). On a write-only sheet rows are made with `row_cells`
and written out, in order, with `add_row`; a row's height and outline level, the column widths, frozen panes and
page setup must be set before that (the sheet's top is written with its first row)."""
import math
import unicodedata
from collections.abc import Iterator
from copy import copy
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from models.domain.text import MAX_CELL_TEXT, clean_text


def put(cell, value: Any) -> None:
    """The one way Rectiflow writes a cell: text always stays text — "=HYPERLINK(…)", "+1", "-x", "@SUM" are
    typed as strings, never formulas — and control characters are dropped (they would break the file)."""
    if isinstance(value, str):
        # set directly, not through `cell.value`: openpyxl would search the text again for the control characters
        # clean_text has dropped (a tenth of writing a form); its cut to Excel's limit is kept
        cell._value = clean_text(value)[:MAX_CELL_TEXT]
        cell.data_type = "s"
    else:
        cell.value = value


def row_cells(sheet: Worksheet | WriteOnlyWorksheet, row: int, values: list[Any]) -> list[Cell]:
    """The cells of one row from column A, each value written with `put`: the sheet's own on a normal sheet; new
    cells on a write-only sheet, written out by `add_row`."""
    if isinstance(sheet, WriteOnlyWorksheet):
        cells = [WriteOnlyCell(sheet) for _ in values]
    else:
        cells = [sheet.cell(row, column) for column in range(1, len(values) + 1)]
    for cell, value in zip(cells, values):
        put(cell, value)
    return cells


def add_row(sheet: Worksheet | WriteOnlyWorksheet, cells: list[Cell]) -> None:
    """Write out a write-only sheet's next row (a normal sheet's cells are in place already)."""
    if isinstance(sheet, WriteOnlyWorksheet):
        sheet._values_to_row = _placed  # for this row only: the sheet writes it out before `append` returns
        try:
            sheet.append(cells)
        finally:
            del sheet._values_to_row


def _placed(cells: list[Cell], row: int) -> Iterator[Cell]:
    """A write-only sheet's row of cells as its writer takes them, in place of openpyxl's own conversion of the row:
    that sets each item as a cell's value first, and only a value that fails (a cell) is taken as is — after an error
    message about it was formatted (a fifth of writing the weekly summary's 100,000 rows)."""
    for column, cell in enumerate(cells, start=1):
        cell.row, cell.column = row, column
        yield cell


def merge(sheet: Worksheet | WriteOnlyWorksheet, ref: str) -> None:
    """Merge a range, e.g. "A1:F1" (a write-only sheet only records it: its cells are written by `add_row`)."""
    if isinstance(sheet, WriteOnlyWorksheet):
        sheet.merged_cells.add(ref)
    else:
        sheet.merge_cells(ref)


def put_row(sheet: Worksheet | WriteOnlyWorksheet, row: int, values: list[Any]) -> None:
    """A row of values from column A, each written with `put`."""
    add_row(sheet, row_cells(sheet, row, values))


class _WideCharacters(dict):
    """Code point -> "w" for a wide (CJK) character, None for another: `str.translate` looks every character up in C,
    each character's width is asked of unicodedata once."""

    def __missing__(self, code: int) -> str | None:
        self[code] = wide = "w" if unicodedata.east_asian_width(chr(code)) in "WF" else None
        return wide


_WIDE = _WideCharacters()


def display_width(text: str) -> int:
    """Columns the text takes: wide (CJK) characters count double."""
    return len(text) + len(text.translate(_WIDE))


def wrapped_lines(text: str, width: float) -> int:
    """Lines the text takes wrapped in a column `width` characters wide (each of its own lines at least one)."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def landscape_a4(sheet: Worksheet | WriteOnlyWorksheet) -> None:
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


_STYLE_PARTS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()


def set_style(cell: Cell, name: str) -> None:
    """`cell.style = name` for a style registered with `named_style`: the style's parts are copied from the first cell
    of the workbook given it, as openpyxl copies them from the named style — which it looks up by listing all the
    workbook's styles, for every cell (≈ 10% of writing a 100,000-row sheet)."""
    parts = _STYLE_PARTS.setdefault(cell.parent.parent, {})
    if name in parts:
        cell._style = StyleArray(parts[name])
    else:
        cell.style = name
        parts[name] = copy(cell._style)


def title_row(sheet: Worksheet | WriteOnlyWorksheet, row: int, text: str, last_column: str) -> None:
    """A sheet's title: bold 14 pt, centred across the table's columns."""
    [cell] = row_cells(sheet, row, [text])
    cell.font = Font(bold=True, size=14)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[row].height = 26
    merge(sheet, f"A{row}:{last_column}{row}")
    add_row(sheet, [cell])
