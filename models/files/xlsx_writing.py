"""Writing workbooks with XlsxWriter, for the ones a weekly round writes: 2,000 forms and a summary of a row per open
item in a province. It writes them in well under half openpyxl's time. (openpyxl still reads every workbook, and
writes the others.)"""
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl.utils.protection import hash_password
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from models.domain.text import MAX_CELL_TEXT, clean_text

# text is never taken for a formula, a number or a link, whichever way a cell is written (`put` writes text as text)
SAFE = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


class Workbook(xlsxwriter.Workbook):
    """A workbook that writes text as text, and keeps each cell format it made once (`cell_format`)."""

    def __init__(self, path: Path, options: dict | None = None):
        super().__init__(str(path), {**SAFE, **(options or {})})
        self.formats_made: dict[tuple, Format] = {}

    def cell_format(self, **properties) -> Format:
        key = tuple(sorted(properties.items()))
        if key not in self.formats_made:
            self.formats_made[key] = self.add_format(properties)
        return self.formats_made[key]


class StructureLockedWorkbook(Workbook):
    """A workbook whose sheets cannot be added, deleted, renamed or unhidden from Excel's UI (Excel's "protect
    workbook structure"), which XlsxWriter does not offer: its `<workbookProtection>` goes where the schema puts it,
    right after `<workbookPr>` (tests/collection/test_collection_form.py reads it back)."""

    def __init__(self, path: Path, password: str, options: dict | None = None):
        super().__init__(path, options)
        self.structure_password = password

    def _write_workbook_pr(self) -> None:
        super()._write_workbook_pr()
        self._xml_empty_tag("workbookProtection", [("workbookPassword", hash_password(self.structure_password)),
                                                   ("lockStructure", 1)])


def put(sheet: Worksheet, row: int, column: int, value: Any, cell_format: Format | None = None) -> None:
    """The one way a cell is written (0-based `row`, `column`), as `models.files.cells.put` writes it with openpyxl:
    text always stays text — "=HYPERLINK(…)", "+1", "@SUM" are strings, never formulas — with control characters
    dropped and cut to Excel's limit; None leaves the cell blank (its format kept); a datetime is naive, local."""
    if isinstance(value, str):
        sheet.write_string(row, column, clean_text(value)[:MAX_CELL_TEXT], cell_format)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value, cell_format)
    elif value is None:
        sheet.write_blank(row, column, None, cell_format)
    else:
        sheet.write_number(row, column, value, cell_format)


def merged(sheet: Worksheet, row: int, first_column: int, last_column: int, value: Any,
           cell_format: Format | None = None) -> None:
    """One row's cells merged, holding `value` (written with `put`)."""
    sheet.merge_range(row, first_column, row, last_column, "", cell_format)
    put(sheet, row, first_column, value, cell_format)


def landscape_a4(sheet: Worksheet) -> None:
    """Print on A4 landscape, one page wide, centred, with page numbers (as `models.files.cells.landscape_a4`)."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")
