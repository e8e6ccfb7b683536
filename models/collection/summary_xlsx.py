"""The weekly summary as an .xlsx workbook for the office and the leading group.

Six sheets: 汇总, 本周流转, 即将到期（14天内）, 已超期, 最新进展, 报送情况. Each has a title, an
information line, a frozen header with an autofilter, and prints on A4 landscape with the header
repeated on every page. Times are shown in the campaign's time zone, to the minute. The workbook is written with
XlsxWriter (models/files/cells.py) row after row, each row out to disk once the next begins (最新进展 has a
row per open item: 100,000 and more in a province).
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from xlsxwriter.worksheet import Worksheet

from models.collection.summary_model import ItemLine, WeeklySummary
from models.files.cells import Workbook, display_width, landscape_a4, merged, put, wrapped_lines

SHEETS = ["汇总", "本周流转", "即将到期（14天内）", "已超期", "最新进展", "报送情况"]
TITLE_ROW, INFO_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4  # as Excel numbers them; XlsxWriter counts from 0
TIME_FORMAT = "yyyy-mm-dd hh:mm"
NONE_ROW = "（无）"
NO_PROGRESS = "（尚无进展报送）"

BORDER = {"border": 1, "border_color": "#A6A6A6"}
HEADER = {**BORDER, "bold": True, "bg_color": "#D9E1F2", "align": "center", "valign": "vcenter", "text_wrap": True}
TOTAL = {**BORDER, "bold": True, "bg_color": "#F2F2F2", "valign": "top"}
TITLE = {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
FONTS = {"secondary": {"font_color": "#808080"},  # repeated values on a cooperating unit's row
         "missing": {"font_color": "#C00000", "bold": True}, "late": {"font_color": "#C65911"}}  # a unit's answer
LINE_HEIGHT = 15.0


@dataclass
class Column:
    header: str
    width: float
    wrap: bool = False
    center: bool = False


def write_summary_xlsx(summary: WeeklySummary, path: Path, timezone: str = "Asia/Shanghai") -> None:
    """Write the weekly summary to ``path``; datetimes are shown in ``timezone`` as YYYY-MM-DD HH:MM."""
    workbook = Workbook(path, {"constant_memory": True})
    writer = _Writer(summary, ZoneInfo(timezone), workbook)
    writer.aspects(workbook.add_worksheet(SHEETS[0]))
    writer.transitions(workbook.add_worksheet(SHEETS[1]))
    writer.items(workbook.add_worksheet(SHEETS[2]), summary.due_soon, "剩余天数")
    writer.items(workbook.add_worksheet(SHEETS[3]), summary.overdue, "超期天数")
    writer.progress(workbook.add_worksheet(SHEETS[4]))
    writer.units(workbook.add_worksheet(SHEETS[5]))
    workbook.set_properties({"title": f"{summary.campaign} 整改进展周报（{summary.week}）", "author": "Rectiflow"})
    workbook.close()


class _Writer:
    def __init__(self, summary: WeeklySummary, zone: ZoneInfo, workbook: Workbook):
        self.summary = summary
        self.zone = zone
        self.workbook = workbook
        self.formats: dict[tuple, Any] = {}  # a body cell's (wrap, center, time, indented, font) -> its format

    # ------------------------------------------------------------ sheets

    def aspects(self, sheet: Worksheet) -> None:
        labels: list[str] = []
        for aspect in self.summary.aspects:
            labels += [label for label in aspect.counts if label not in labels]
        columns = [Column("方面", 40, wrap=True), *(Column(label, max(10, display_width(label) + 2), center=True)
                                                     for label in labels), Column("合计", 10, center=True)]
        rows = [[a.aspect, *(a.counts.get(label, 0) for label in labels), a.total] for a in self.summary.aspects]
        last = self._table(sheet, columns, rows, if_empty=None)  # the total row follows
        total = ["合计", *(sum(a.counts.get(label, 0) for a in self.summary.aspects) for label in labels),
                 sum(a.total for a in self.summary.aspects)]
        for c, value in enumerate(total):
            put(sheet, last, c, value, self.workbook.cell_format(**TOTAL, **({"align": "center"} if c else {})))
        self._finish(sheet, columns, filter_to=last)

    def transitions(self, sheet: Worksheet) -> None:
        columns = [Column("时间", 17, center=True), Column("序号", 8, center=True), Column("操作", 16),
                   Column("原状态", 12), Column("新状态", 12), Column("操作人", 16, wrap=True)]
        rows = [[self._time(t.at), t.number, t.action, t.from_state, t.to_state, t.actor]
                for t in self.summary.transitions]
        last = self._table(sheet, columns, rows)
        self._finish(sheet, columns, filter_to=last)

    def items(self, sheet: Worksheet, lines: list[ItemLine], days_header: str) -> None:
        columns = [Column("序号", 8, center=True), Column("具体问题", 50, wrap=True), Column("牵头单位", 18, wrap=True),
                   Column("整改时限", 16, wrap=True), Column("当前状态", 12), Column(days_header, 10, center=True)]
        rows = [[i.number, i.text, i.unit, _deadline(i), i.state, i.days] for i in lines]
        last = self._table(sheet, columns, rows)
        self._finish(sheet, columns, filter_to=last)

    def progress(self, sheet: Worksheet) -> None:
        columns = [Column("序号", 8, center=True), Column("具体问题", 40, wrap=True), Column("单位", 20, wrap=True),
                   Column("当前状态", 12), Column("最新进展", 60, wrap=True), Column("报送时间", 17, center=True)]
        sheet.outline_settings(symbols_below=False)  # the lead row heads its group
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
            put(sheet, r - 1, 0, NONE_ROW)
        self._finish(sheet, columns, filter_to=max(r - 1, HEADER_ROW))

    def units(self, sheet: Worksheet) -> None:
        columns = [Column("单位", 30, wrap=True), Column("报送情况", 12, center=True), Column("报送时间", 17, center=True)]
        rows = [[u.unit, u.status_label, self._time(u.answered_at) if u.answered_at else None]
                for u in self.summary.units]
        fonts = [{2: u.status} if u.status in FONTS else {} for u in self.summary.units]
        last = self._table(sheet, columns, rows, fonts)
        self._finish(sheet, columns, filter_to=last)

    # ------------------------------------------------------------ layout

    def _table(self, sheet: Worksheet, columns: list[Column], rows: list[list[Any]],
               fonts: list[dict[int, str]] | None = None, if_empty: str | None = NONE_ROW) -> int:
        """Title, info, header and rows (`fonts`: a row's column -> its font in FONTS; no rows: a row saying `if_empty`); returns
        the last row of `rows` (the header if none)."""
        self._frame(sheet, columns)
        for offset, values in enumerate(rows):
            self._row(sheet, FIRST_ROW + offset, columns, values, fonts=fonts[offset] if fonts else None)
        if not rows:
            if if_empty:
                put(sheet, FIRST_ROW - 1, 0, if_empty)
            return HEADER_ROW
        return FIRST_ROW + len(rows) - 1

    def _frame(self, sheet: Worksheet, columns: list[Column]) -> None:
        """What the sheet's top holds, then its title, information and header rows."""
        s = self.summary
        last = len(columns) - 1
        for c, column in enumerate(columns):
            sheet.set_column(c, c, column.width)
        sheet.freeze_panes(FIRST_ROW - 1, 0)
        sheet.repeat_rows(HEADER_ROW - 1)
        landscape_a4(sheet)
        sheet.set_row(TITLE_ROW - 1, 26)
        merged(sheet, TITLE_ROW - 1, 0, last, f"{s.campaign} 整改进展周报（{s.week}）· {sheet.name}",
               self.workbook.cell_format(**TITLE))
        merged(sheet, INFO_ROW - 1, 0, last,
               f"报送截止：{self._text_time(s.due_at)}　生成时间：{self._text_time(s.generated_at)}")
        header = self.workbook.cell_format(**HEADER)
        for c, column in enumerate(columns):
            put(sheet, HEADER_ROW - 1, c, column.header, header)

    def _row(self, sheet: Worksheet, r: int, columns: list[Column], values: list[Any],
             cooperating: bool = False, fonts: dict[int, str] | None = None) -> None:
        """One body row; a cooperating unit's row (under its item's lead row) is indented, grey where it repeats
        the lead row, and folds into the lead row's outline group."""
        if cooperating:
            fonts = {1: "secondary", 4: "secondary"}
        lines = 1
        for column, value in zip(columns, values):
            if column.wrap and isinstance(value, str):
                lines = max(lines, wrapped_lines(value, column.width))
        height = min(LINE_HEIGHT * lines + 4, 409) if lines > 1 else None
        if height or cooperating:
            sheet.set_row(r - 1, height, None, {"level": 1} if cooperating else {})
        for c, (column, value) in enumerate(zip(columns, values), start=1):
            key = (column.wrap, column.center, isinstance(value, datetime), cooperating and c == 3,
                   fonts.get(c) if fonts else None)
            cell_format = self.formats.get(key)
            if cell_format is None:
                cell_format = self.formats[key] = self._cell_format(*key)
            put(sheet, r - 1, c - 1, value, cell_format)

    def _cell_format(self, wrap: bool, center: bool, is_time: bool, indented: bool, font: str | None):
        properties = {**BORDER, "valign": "top", "text_wrap": wrap or indented, **FONTS.get(font, {})}
        if center:
            properties["align"] = "center"
        if is_time:
            properties["num_format"] = TIME_FORMAT
        if indented:
            properties["indent"] = 2
        return self.workbook.cell_format(**properties)

    def _finish(self, sheet: Worksheet, columns: list[Column], filter_to: int) -> None:
        sheet.autofilter(HEADER_ROW - 1, 0, filter_to - 1, len(columns) - 1)

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
