"""The weekly summary as an .xlsx workbook for the office and the leading group.

Six sheets: 汇总, 本周流转, 即将到期（14天内）, 已超期, 最新进展, 报送情况. Each has a title, an
information line, a frozen header with an autofilter, and prints on A4 landscape with the header
repeated on every page. Times are shown in the campaign's time zone, to the minute. The workbook is written in
openpyxl's write-only mode, row after row (最新进展 has a row per open item: 100,000 and more in a province), so
everything a sheet's top holds — column widths, frozen header, page setup — is set before its first row.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from models.collection.summary_model import ItemLine, WeeklySummary
from models.files.cells import (
    add_row,
    display_width,
    landscape_a4,
    merge,
    named_style,
    row_cells,
    set_style,
    title_row,
    wrapped_lines,
)

SHEETS = ["汇总", "本周流转", "即将到期（14天内）", "已超期", "最新进展", "报送情况"]
TITLE_ROW, INFO_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
TIME_FORMAT = "yyyy-mm-dd hh:mm"
NONE_ROW = "（无）"
NO_PROGRESS = "（尚无进展报送）"

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
SECONDARY = Font(color="808080")  # repeated values on a cooperating unit's row
STATUS_FONTS = {"missing": Font(color="C00000", bold=True), "late": Font(color="C65911")}
_thin = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
LINE_HEIGHT = 15.0


def _cell_style(workbook, column: "Column", is_time: bool) -> str:
    name = "·".join(["周报", *(["换行"] if column.wrap else []), *(["居中"] if column.center else []),
                     *(["时间"] if is_time else [])])
    return named_style(workbook, name, border=BORDER, number_format=TIME_FORMAT if is_time else "General",
                       alignment=Alignment(vertical="top", wrap_text=column.wrap,
                                           horizontal="center" if column.center else None))


@dataclass
class Column:
    header: str
    width: float
    wrap: bool = False
    center: bool = False


def write_summary_xlsx(summary: WeeklySummary, path: Path, timezone: str = "Asia/Shanghai") -> None:
    """Write the weekly summary to ``path``; datetimes are shown in ``timezone`` as YYYY-MM-DD HH:MM."""
    writer = _Writer(summary, ZoneInfo(timezone))
    workbook = openpyxl.Workbook(write_only=True)
    writer.aspects(workbook.create_sheet(SHEETS[0]))
    writer.transitions(workbook.create_sheet(SHEETS[1]))
    writer.items(workbook.create_sheet(SHEETS[2]), summary.due_soon, "剩余天数")
    writer.items(workbook.create_sheet(SHEETS[3]), summary.overdue, "超期天数")
    writer.progress(workbook.create_sheet(SHEETS[4]))
    writer.units(workbook.create_sheet(SHEETS[5]))
    workbook.active = 0
    workbook.properties.title = f"{summary.campaign} 整改进展周报（{summary.week}）"
    workbook.properties.creator = "Rectiflow"
    workbook.save(path)


class _Writer:
    def __init__(self, summary: WeeklySummary, zone: ZoneInfo):
        self.summary = summary
        self.zone = zone
        self.styles: dict[tuple[bool, bool, bool], str] = {}  # (wrap, center, time) -> its cell style's name

    # ------------------------------------------------------------ sheets

    def aspects(self, sheet: WriteOnlyWorksheet) -> None:
        labels: list[str] = []
        for aspect in self.summary.aspects:
            labels += [label for label in aspect.counts if label not in labels]
        columns = [Column("方面", 40, wrap=True), *(Column(label, max(10, display_width(label) + 2), center=True)
                                                     for label in labels), Column("合计", 10, center=True)]
        rows = [[a.aspect, *(a.counts.get(label, 0) for label in labels), a.total] for a in self.summary.aspects]
        last = self._table(sheet, columns, rows, if_empty=None)  # the total row follows
        total = ["合计", *(sum(a.counts.get(label, 0) for a in self.summary.aspects) for label in labels),
                 sum(a.total for a in self.summary.aspects)]
        cells = row_cells(sheet, last + 1, total)
        for c, cell in enumerate(cells, start=1):
            cell.font = Font(bold=True)
            cell.fill = TOTAL_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center" if c > 1 else None, vertical="top")
        add_row(sheet, cells)
        self._finish(sheet, columns, filter_to=last)

    def transitions(self, sheet: WriteOnlyWorksheet) -> None:
        columns = [Column("时间", 17, center=True), Column("序号", 8, center=True), Column("操作", 16),
                   Column("原状态", 12), Column("新状态", 12), Column("操作人", 16, wrap=True)]
        rows = [[self._time(t.at), t.number, t.action, t.from_state, t.to_state, t.actor]
                for t in self.summary.transitions]
        last = self._table(sheet, columns, rows)
        self._finish(sheet, columns, filter_to=last)

    def items(self, sheet: WriteOnlyWorksheet, lines: list[ItemLine], days_header: str) -> None:
        columns = [Column("序号", 8, center=True), Column("具体问题", 50, wrap=True), Column("牵头单位", 18, wrap=True),
                   Column("整改时限", 16, wrap=True), Column("当前状态", 12), Column(days_header, 10, center=True)]
        rows = [[i.number, i.text, i.unit, _deadline(i), i.state, i.days] for i in lines]
        last = self._table(sheet, columns, rows)
        self._finish(sheet, columns, filter_to=last)

    def progress(self, sheet: WriteOnlyWorksheet) -> None:
        columns = [Column("序号", 8, center=True), Column("具体问题", 40, wrap=True), Column("单位", 20, wrap=True),
                   Column("当前状态", 12), Column("最新进展", 60, wrap=True), Column("报送时间", 17, center=True)]
        sheet.sheet_properties.outlinePr.summaryBelow = False  # the lead row heads its group
        self._frame(sheet, columns)
        r = FIRST_ROW
        for line in self.summary.progress:
            latest = line.latest
            values = [line.number, line.text, line.unit, line.state,
                      latest.text if latest else NO_PROGRESS, self._time(latest.at) if latest else None]
            self._row(sheet, r, columns, values)
            r += 1
            for sub in line.cooperating:
                # The number and state are repeated (in grey) so filtering keeps the group together.
                values = [line.number, None, f"配合：{sub.unit}", line.state, sub.text, self._time(sub.at)]
                self._row(sheet, r, columns, values, cooperating=True)
                r += 1
        if r == FIRST_ROW:
            add_row(sheet, row_cells(sheet, r, [NONE_ROW]))
        self._finish(sheet, columns, filter_to=max(r - 1, HEADER_ROW))

    def units(self, sheet: WriteOnlyWorksheet) -> None:
        columns = [Column("单位", 30, wrap=True), Column("报送情况", 12, center=True), Column("报送时间", 17, center=True)]
        rows = [[u.unit, u.status_label, self._time(u.answered_at) if u.answered_at else None]
                for u in self.summary.units]
        fonts = [{2: STATUS_FONTS[u.status]} if u.status in STATUS_FONTS else {} for u in self.summary.units]
        last = self._table(sheet, columns, rows, fonts)
        self._finish(sheet, columns, filter_to=last)

    # ------------------------------------------------------------ layout

    def _table(self, sheet: WriteOnlyWorksheet, columns: list[Column], rows: list[list[Any]],
               fonts: list[dict[int, Font]] | None = None, if_empty: str | None = NONE_ROW) -> int:
        """Title, info, header and rows (`fonts`: a row's column -> font; no rows: a row saying `if_empty`); returns
        the last row of `rows` (the header if none)."""
        self._frame(sheet, columns)
        for offset, values in enumerate(rows):
            self._row(sheet, FIRST_ROW + offset, columns, values, fonts=fonts[offset] if fonts else None)
        if not rows:
            if if_empty:
                add_row(sheet, row_cells(sheet, FIRST_ROW, [if_empty]))
            return HEADER_ROW
        return FIRST_ROW + len(rows) - 1

    def _frame(self, sheet: WriteOnlyWorksheet, columns: list[Column]) -> None:
        """What the sheet's top holds, then its title, information and header rows."""
        s = self.summary
        last = get_column_letter(len(columns))
        for c, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = column.width
        sheet.freeze_panes = f"A{FIRST_ROW}"
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        landscape_a4(sheet)
        title_row(sheet, TITLE_ROW, f"{s.campaign} 整改进展周报（{s.week}）· {sheet.title}", last)
        merge(sheet, f"A{INFO_ROW}:{last}{INFO_ROW}")
        add_row(sheet, row_cells(sheet, INFO_ROW, [f"报送截止：{self._text_time(s.due_at)}　"
                                                   f"生成时间：{self._text_time(s.generated_at)}"]))
        header = row_cells(sheet, HEADER_ROW, [column.header for column in columns])
        for cell in header:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        add_row(sheet, header)

    def _row(self, sheet: WriteOnlyWorksheet, r: int, columns: list[Column], values: list[Any],
             cooperating: bool = False, fonts: dict[int, Font] | None = None) -> None:
        """One body row; a cooperating unit's row (under its item's lead row) is indented, grey where it repeats
        the lead row, and folds into the lead row's outline group."""
        cells = row_cells(sheet, r, values)
        lines = 1
        for cell, column, value in zip(cells, columns, values):
            is_time = isinstance(value, datetime)
            style = self.styles.get((column.wrap, column.center, is_time))
            if style is None:
                style = self.styles[column.wrap, column.center, is_time] = _cell_style(sheet.parent, column, is_time)
            set_style(cell, style)
            if column.wrap and isinstance(value, str):
                lines = max(lines, wrapped_lines(value, column.width))
        if cooperating:
            fonts = {1: SECONDARY, 4: SECONDARY}
            cells[2].alignment = Alignment(indent=2, vertical="top", wrap_text=True)
            sheet.row_dimensions[r].outlineLevel = 1
        for c, font in (fonts or {}).items():
            cells[c - 1].font = font
        if lines > 1:
            sheet.row_dimensions[r].height = min(LINE_HEIGHT * lines + 4, 409)
        add_row(sheet, cells)

    def _finish(self, sheet: WriteOnlyWorksheet, columns: list[Column], filter_to: int) -> None:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{filter_to}"

    # ------------------------------------------------------------ values

    def _time(self, at: datetime) -> datetime:
        """A naive local datetime to the minute (Excel cells carry no time zone); naive input is UTC."""
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        return at.astimezone(self.zone).replace(tzinfo=None, second=0, microsecond=0)

    def _text_time(self, at: datetime) -> str:
        return f"{self._time(at):%Y-%m-%d %H:%M}"


def _deadline(line: ItemLine) -> str:
    if line.deadline_text:
        return line.deadline_text
    return line.deadline.isoformat() if line.deadline else ""
