"""The cell helpers every workbook Rectiflow writes goes through (models/files/cells.py)."""
import openpyxl
import pytest
from openpyxl.styles import Font

from models.domain.text import MAX_CELL_TEXT
from models.files.cells import add_row, named_style, row_cells, set_style


@pytest.mark.parametrize("write_only", [False, True])
def test_text_is_kept_as_clean_text_within_excels_limit(tmp_path, write_only):
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("表") if write_only else workbook.active
    cells = row_cells(sheet, 1, ["=SUM(A1)", "#N/A", "a\x07b\r\nc ", "长" * (MAX_CELL_TEXT + 10), 42, None])
    add_row(sheet, cells)
    workbook.save(tmp_path / "cells.xlsx")

    read = openpyxl.load_workbook(tmp_path / "cells.xlsx").worksheets[0]
    assert [read.cell(1, c).value for c in range(1, 5)] == ["=SUM(A1)", "#N/A", "ab\nc", "长" * MAX_CELL_TEXT]
    assert [read.cell(1, c).data_type for c in range(1, 5)] == ["s"] * 4
    assert read.cell(1, 5).value == 42 and read.cell(1, 6).value is None


def test_a_write_only_sheets_rows_land_in_order_with_their_styles(tmp_path):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("表")
    style = named_style(workbook, "粗体", font=Font(bold=True))
    for r in range(1, 4):
        cells = row_cells(sheet, r, [f"第{r}行", None, r])
        set_style(cells[2], style)
        add_row(sheet, cells)
    sheet.append(["值", 4])  # openpyxl's own rows of plain values still go in after ours
    workbook.save(tmp_path / "rows.xlsx")

    read = openpyxl.load_workbook(tmp_path / "rows.xlsx").worksheets[0]
    assert [[cell.value for cell in row] for row in read.iter_rows()] == [
        ["第1行", None, 1], ["第2行", None, 2], ["第3行", None, 3], ["值", 4, None]]
    assert [read.cell(r, 3).font.b for r in range(1, 4)] == [True] * 3 and read.cell(1, 1).font.b is False
