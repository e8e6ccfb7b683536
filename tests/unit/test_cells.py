"""The cell helpers every workbook Rectiflow writes goes through (models/files/cells.py), read back by openpyxl."""
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.utils.protection import hash_password

from models.domain.text import MAX_CELL_TEXT
from models.files.cells import StructureLockedWorkbook, Workbook, merged, put_row


@pytest.mark.parametrize("options", [{}, {"constant_memory": True}])
def test_text_is_kept_as_clean_text_within_excels_limit(tmp_path, options):
    book = Workbook(tmp_path / "cells.xlsx", options)
    sheet = book.add_worksheet("表")
    put_row(sheet, 0, ["=SUM(A1)", "#N/A", "a\x07b\r\nc ", "长" * (MAX_CELL_TEXT + 10), 42, None, "+1", "0012",
                       "http://127.0.0.1/x"])
    book.close()

    read = openpyxl.load_workbook(tmp_path / "cells.xlsx").worksheets[0]
    assert [read.cell(1, c).value for c in range(1, 5)] == ["=SUM(A1)", "#N/A", "ab\nc", "长" * MAX_CELL_TEXT]
    assert [read.cell(1, c).data_type for c in (1, 2, 3, 4, 7, 8, 9)] == ["s"] * 7
    assert [read.cell(1, c).value for c in (7, 8, 9)] == ["+1", "0012", "http://127.0.0.1/x"]
    assert read.cell(1, 5).value == 42 and read.cell(1, 6).value is None
    assert not read.cell(1, 9).hyperlink


def test_dates_read_back_as_dates_in_their_format(tmp_path):
    book = Workbook(tmp_path / "dates.xlsx", {"constant_memory": True})
    sheet = book.add_worksheet("表")
    day, minute = book.cell_format(num_format="yyyy-mm-dd"), book.cell_format(num_format="yyyy-mm-dd hh:mm")
    put_row(sheet, 0, [date(2027, 6, 30)], day)
    put_row(sheet, 1, [datetime(2026, 11, 26, 17, 0)], minute)
    book.close()

    read = openpyxl.load_workbook(tmp_path / "dates.xlsx").worksheets[0]
    assert read["A1"].value == datetime(2027, 6, 30) and read["A1"].number_format == "yyyy-mm-dd"
    assert read["A2"].value == datetime(2026, 11, 26, 17, 0)


def test_a_merged_title_holds_its_text_as_text(tmp_path):
    book = Workbook(tmp_path / "title.xlsx")
    sheet = book.add_worksheet("表")
    merged(sheet, 0, 0, 3, "=2026年巡察整改台账", book.cell_format(bold=True))
    book.close()

    read = openpyxl.load_workbook(tmp_path / "title.xlsx").worksheets[0]
    assert read["A1"].value == "=2026年巡察整改台账" and read["A1"].data_type == "s" and read["A1"].font.b
    assert [str(cells) for cells in read.merged_cells.ranges] == ["A1:D1"]


def test_a_structure_locked_workbook_says_so_to_excel(tmp_path):
    book = StructureLockedWorkbook(tmp_path / "locked.xlsx", "rectiflow", {"in_memory": True})
    book.add_worksheet("表")
    book.close()

    read = openpyxl.load_workbook(tmp_path / "locked.xlsx")
    assert read.security.lockStructure is True
    assert read.security.workbookPassword == hash_password("rectiflow")


def test_formats_are_made_once_per_workbook(tmp_path):
    book = Workbook(tmp_path / "formats.xlsx")
    assert book.cell_format(bold=True, border=1) is book.cell_format(border=1, bold=True)
    assert book.cell_format(bold=True) is not book.cell_format(bold=False)
    book.close()
