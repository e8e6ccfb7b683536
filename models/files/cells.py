"""How Rectiflow writes workbooks: with XlsxWriter (openpyxl reads them), which writes a province's 2,000 weekly
forms and its 100,000-row summaries and ledgers in well under half openpyxl's time. Every cell goes through `put`:
text stays text, never a formula. XlsxWriter counts rows and columns from 0.

A workbook opened with {"constant_memory": True} writes each row out once the next begins (a sheet of 100,000 rows
without holding its cells): its rows are written in order, and a row's height or outline level before its cells."""
import math
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from models.domain.text import MAX_CELL_TEXT, clean_text

# text is never taken for a formula, a number or a link, whichever way a cell is written (`put` writes text as text)
SAFE = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


class Workbook(xlsxwriter.Workbook):
    """A workbook that writes text as text, and keeps each cell format it made once (`cell_format`)."""

    def __init__(self, path: Path, options: dict | None = None):
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(str(path), {**SAFE, **(options or {})})
        self.formats_made: dict[tuple, Format] = {}

    def close(self) -> None:
        """Write the file out; a file that cannot be written (a folder in its place, a full disk) raises its OSError,
        as every other file Rectiflow writes does (XlsxWriter wraps it)."""
        try:
            super().close()
        except FileCreateError as error:
            raise error.args[0] from None

    def cell_format(self, **properties) -> Format:
        key = tuple(sorted(properties.items()))
        if key not in self.formats_made:
            self.formats_made[key] = self.add_format(properties)
        return self.formats_made[key]


class StructureLockedWorkbook(Workbook):
    """A workbook whose sheets cannot be added, deleted, renamed or unhidden from Excel's UI (Excel's "protect
    workbook structure"), which XlsxWriter does not offer: its `<workbookProtection>` goes where the schema puts it,
    right after `<workbookPr>` (tests/unit/test_cells.py reads it back)."""

    def __init__(self, path: Path, password: str, options: dict | None = None):
        super().__init__(path, options)
        self.structure_password = password

    def _write_workbook_pr(self) -> None:
        from openpyxl.utils.protection import hash_password  # Excel's legacy password hash; openpyxl only when locking

        super()._write_workbook_pr()
        self._xml_empty_tag("workbookProtection", [("workbookPassword", hash_password(self.structure_password)),
                                                   ("lockStructure", 1)])


def put(sheet: Worksheet, row: int, column: int, value: Any, cell_format: Format | None = None) -> None:
    """The one way a cell is written: text always stays text — "=HYPERLINK(…)", "+1", "@SUM" are strings, never
    formulas — with control characters dropped (they would break the file) and cut to Excel's limit; None leaves
    the cell blank (its format kept); a date or a naive datetime is shown as `cell_format`'s num_format says."""
    if isinstance(value, str):
        sheet.write_string(row, column, clean_text(value)[:MAX_CELL_TEXT], cell_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, cell_format)
    elif value is None:
        sheet.write_blank(row, column, None, cell_format)
    else:
        sheet.write_number(row, column, value, cell_format)


def put_row(sheet: Worksheet, row: int, values: list[Any], cell_format: Format | None = None) -> None:
    """A row of values from column A, each written with `put`."""
    for column, value in enumerate(values):
        put(sheet, row, column, value, cell_format)


def merged(sheet: Worksheet, row: int, first_column: int, last_column: int, value: Any,
           cell_format: Format | None = None) -> None:
    """One row's cells merged, holding `value` (written with `put`)."""
    sheet.merge_range(row, first_column, row, last_column, "", cell_format)
    put(sheet, row, first_column, value, cell_format)


def landscape_a4(sheet: Worksheet) -> None:
    """Print on A4 landscape, one page wide, centred, with page numbers."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")


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
