"""Builds real .xlsx files in tmp_path, the way offices lay them out (title rows, merges)."""
from pathlib import Path

import pytest
from openpyxl import Workbook


def _fill(sheet, rows: list[list], merges: tuple[str, ...] | list[str]) -> None:
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)


@pytest.fixture
def write_xlsx(tmp_path: Path):
    """write_xlsx(rows, merges=["B3:B5"], sheets_before=[rows, …]) -> path of a saved .xlsx.

    ``rows`` are lists of cell values (None for an empty cell); the sheet they fill comes after
    any ``sheets_before``. Values under a merge's top-left cell should be None, as in Excel.
    """

    def write(rows, merges=(), sheets_before=(), name="ledger.xlsx") -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for number, other in enumerate(sheets_before, start=1):
            _fill(workbook.create_sheet(f"说明{number}"), other, ())
        _fill(workbook.create_sheet("整改台账"), rows, merges)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
