"""A worksheet read so that a merged range's value fills every cell the range covers."""
from openpyxl.worksheet.worksheet import Worksheet


class MergedGrid:
    def __init__(self, sheet: Worksheet):
        self.sheet = sheet
        self.max_row = sheet.max_row
        self.max_column = sheet.max_column
        self._anchor: dict[tuple[int, int], tuple[int, int]] = {}
        self._last_row: dict[tuple[int, int], int] = {}
        for merged in sheet.merged_cells.ranges:
            for cell in merged.cells:
                self._anchor[cell] = (merged.min_row, merged.min_col)
                self._last_row[cell] = merged.max_row

    def anchor(self, row: int, column: int) -> tuple[int, int]:
        """The top-left cell of the merged range holding (row, column), or the cell itself."""
        return self._anchor.get((row, column), (row, column))

    def value(self, row: int, column: int) -> object:
        return self.sheet.cell(*self.anchor(row, column)).value

    def own_value(self, row: int, column: int) -> object:
        """The value written in this very cell: None for the covered part of a merged range."""
        if self.anchor(row, column) != (row, column):
            return None
        return self.sheet.cell(row, column).value

    def rows_spanned(self, row: int, column: int) -> range:
        """From ``row`` down to the last row of the vertical merge containing the cell."""
        return range(row, self._last_row.get((row, column), row) + 1)

    def row_values(self, row: int) -> list[object]:
        return [self.value(row, column) for column in range(1, self.max_column + 1)]

    def row_is_empty(self, row: int) -> bool:
        return all(_blank(self.own_value(row, column)) for column in range(1, self.max_column + 1))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
