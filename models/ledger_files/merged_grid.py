"""A worksheet read so that a merged range's value fills every cell the range covers.

The sheet is read once, as a stream (a workbook opened read-only): openpyxl's read-only sheets give the values
but drop the merged ranges, which the same parser reads at the end of the sheet — so the rows are read here
through that parser, and both kept. The file's limits (models/files/limits.py) are counted on the way, each row
and merge before anything is built for it."""
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange

from models.files.limits import Tally


class MergedGrid:
    def __init__(self, sheet: ReadOnlyWorksheet, tally: Tally):
        rows, merged = _read(sheet, tally)
        self.max_row = max([len(rows)] + [m.max_row for m in merged])  # a merge may reach below the last value
        self.max_column = max([len(row) for row in rows] + [m.max_col for m in merged], default=0)
        self._rows = rows  # as written: a row ends at its last cell (a sparse sheet stays small)
        self._anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self._last_row: dict[tuple[int, int], int] = {}
        for merged_range in merged:
            for cell in merged_range.cells:
                self._anchor[cell] = (merged_range.min_row, merged_range.min_col)
                self._last_row[cell] = merged_range.max_row
        self._merged_rows = {row for row, _ in self._anchor}  # rows without a merge are read as they are

    def anchor(self, row: int, column: int) -> tuple[int, int]:
        """The top-left cell of the merged range holding (row, column), or the cell itself."""
        return self._anchor.get((row, column), (row, column))

    def value(self, row: int, column: int) -> object:
        if row in self._merged_rows:
            row, column = self.anchor(row, column)
        return self._cell(row, column)

    def own_value(self, row: int, column: int) -> object:
        """The value written in this very cell: None for the covered part of a merged range."""
        if self.anchor(row, column) != (row, column):
            return None
        return self._cell(row, column)

    def rows_spanned(self, row: int, column: int) -> range:
        """From ``row`` down to the last row of the vertical merge containing the cell."""
        return range(row, self._last_row.get((row, column), row) + 1)

    def row_values(self, row: int) -> list[object]:
        if row not in self._merged_rows:
            values = self._written(row)
            return values + [None] * (self.max_column - len(values))
        return [self.value(row, column) for column in range(1, self.max_column + 1)]

    def row_is_empty(self, row: int) -> bool:
        if row not in self._merged_rows:
            return all(_blank(value) for value in self._written(row))
        return all(_blank(self.own_value(row, column)) for column in range(1, self.max_column + 1))

    def _written(self, row: int) -> list[object]:
        return self._rows[row - 1] if 1 <= row <= len(self._rows) else []

    def _cell(self, row: int, column: int) -> object:
        values = self._written(row)
        return values[column - 1] if 1 <= column <= len(values) else None


def _read(sheet: ReadOnlyWorksheet, tally: Tally) -> tuple[list[list[object]], list[CellRange]]:
    """Every row's values (row 1 first, a missing row empty) and the merged ranges, in one pass over the sheet."""
    book = sheet.parent
    rows: list[list[object]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            last = max((cell["column"] for cell in cells), default=0)
            tally.row(number, last, len(cells))
            values = [None] * last
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            rows += [[] for _ in range(number - len(rows))]
            rows[number - 1] = values
    merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    for m in merged:
        tally.merge(m.ref)
    return rows, [CellRange(m.ref) for m in merged]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
