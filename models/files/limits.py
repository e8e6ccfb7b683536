"""What a file someone sends may hold, checked before it is parsed: a 5 KB .xlsx can declare a cell at
XFD1048576 or a merge over a million rows, and a YAML file of 700 bytes can expand to gigabytes. Each limit
is far above what an office ledger, form or directory holds; past it the file is refused, by name, at once."""
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

MAX_FILE_BYTES = 20 * 1024 * 1024  # a file as sent
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all parts of an .xlsx unpacked
MAX_PARTS = 2_000  # files inside an .xlsx
MAX_SHEETS = 50
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000  # cells holding something, in all sheets
MAX_MERGED_CELLS = 500_000  # cells covered by merges, in all sheets (openpyxl makes an object for each)
MAX_EVIDENCE_BYTES = 100 * 1024 * 1024  # one evidence file: a scanned document, photos

_CELL = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class TooLarge(ValueError):
    """The file is beyond a limit; the message says which, in Chinese."""


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    size = path.stat().st_size
    if size > limit:
        raise TooLarge(f"文件过大：{size / 1048576:.1f} MB，上限 {limit / 1048576:.0f} MB")


def check_archive(path: Path) -> None:
    """Refuse an Office file (.xlsx, .docx: a zip) too large as sent or unpacked, before anything parses it."""
    check_size(path)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED_BYTES:
            raise TooLarge("文件解压后过大（可能是压缩炸弹），已拒绝")


def check_workbook(path: Path, *, sheets: bool = True) -> None:
    """Refuse an .xlsx whose parts, sheets, rows, columns, cells or merged ranges are beyond the limits, by
    reading its sheets' XML as a stream (nothing is built in memory). `sheets=False` checks the archive and the
    number of sheets only: for a reader that streams each sheet it reads through a Tally, which counts the same."""
    check_archive(path)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        names = [p.filename for p in parts if p.filename.startswith("xl/worksheets/") and p.filename.endswith(".xml")]
        if len(names) > MAX_SHEETS:
            raise TooLarge(f"工作表过多：{len(names)} 个，上限 {MAX_SHEETS} 个")
        if not sheets:
            return
        tally = Tally()
        for name in names:
            with archive.open(name) as stream:
                _scan_sheet(stream, tally)


class Tally:
    """The limits counted as a workbook's sheets are read: each row and cell where it stands, the cells holding
    something and the cells merges cover over all the sheets read."""

    def __init__(self):
        self.cells = self.merged = 0

    def row(self, row: int, columns: int, cells: int) -> None:
        """A row, as far as its last column, holding `cells` cells."""
        _within_sheet(row, columns)
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise TooLarge(f"单元格过多：超过 {MAX_CELLS} 个")

    def merge(self, ref: str) -> None:
        self.merged += _merged_area(ref)
        if self.merged > MAX_MERGED_CELLS:
            raise TooLarge(f"合并单元格覆盖范围过大：超过 {MAX_MERGED_CELLS} 个单元格")


def _scan_sheet(stream, tally: Tally) -> None:
    row_number = 0
    try:
        for _, element in iterparse(stream):
            tag = element.tag
            if tag == f"{_NS}row":
                row_number = int(element.get("r") or row_number + 1)
                _within_sheet(row_number, 1)
                element.clear()
            elif tag == f"{_NS}c":
                reference = element.get("r")
                tally.row(*(_position(reference) if reference else (row_number, 1)), 1)
            elif tag == f"{_NS}mergeCell":
                tally.merge(element.get("ref") or "")
    except ParseError as error:
        line, column = error.position
        raise TooLarge(f"工作表内容已损坏，无法解析（第{line}行第{column}列）") from None


def _position(reference: str) -> tuple[int, int]:
    match = _CELL.match(reference.replace("$", ""))
    if not match:
        raise TooLarge(f"单元格位置「{reference[:20]}」无法识别")
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def _within_sheet(row: int, column: int) -> None:
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise TooLarge(f"表格范围过大：第{row}行第{column}列有内容，上限为 {MAX_ROWS} 行、{MAX_COLUMNS} 列")


def _merged_area(ref: str) -> int:
    first, _, last = ref.partition(":")
    (top, left), (bottom, right) = _position(first), _position(last or first)
    _within_sheet(bottom, right)
    return (abs(bottom - top) + 1) * (abs(right - left) + 1)
