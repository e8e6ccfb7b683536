"""Writing the weekly progress form, pre-filled and locked, for one unit (the layout: form_spec.py)."""
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from models.collection.form_spec import (
    COLUMN_INDEX,
    COLUMNS,
    DEADLINE,
    EVIDENCE,
    FILL_COLUMNS,
    FIRST_ROW,
    FORM_SHEET,
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_ROW,
    ID,
    INFO_ROW,
    LAST,
    LOCKED_COLUMNS,
    META_SHEET,
    NO,
    NUMBER,
    PERCENT,
    PROGRESS,
    PROTECTION_PASSWORD,
    READY,
    REPORTER_COLUMN,
    REPORTER_LABEL,
    REPORTER_LABEL_COLUMN,
    REPORTER_LAST_COLUMN,
    ROLE,
    STATE,
    TEXT,
    TITLE_ROW,
    YES,
    FormSpec,
    locked_values,
)
from models.files.cells import landscape_a4, named_style, put, set_style, title_row, wrapped_lines

WIDTHS = {ID: 8, NUMBER: 7, TEXT: 36, ROLE: 14, DEADLINE: 13, STATE: 10, LAST: 30,
          PROGRESS: 42, PERCENT: 10, EVIDENCE: 26, READY: 11}
FILL_COLOUR = "FFF2CC"  # light yellow: fill in here
FILL_HEADER_COLOUR = "FFE699"
LOCKED_HEADER_COLOUR = "D9D9D9"
_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
LINE_HEIGHT = 15.0  # points per line of 11pt text


def write_form(spec: FormSpec, path: Path) -> None:
    """Write the pre-filled form for one unit to ``path`` (.xlsx)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = FORM_SHEET
    _write_visible_sheet(sheet, spec)
    _write_meta_sheet(workbook.create_sheet(META_SHEET), spec)
    workbook.active = 0
    # No adding, deleting, renaming or unhiding sheets from the Excel UI.
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.security.workbookPassword = PROTECTION_PASSWORD
    workbook.properties.title = f"{spec.campaign} 整改进展周报表（{spec.week}）"
    workbook.properties.creator = "Rectiflow"
    workbook.save(path)


def _cell_styles(workbook: openpyxl.Workbook) -> dict[str, str]:
    def aligned(center: bool) -> Alignment:
        return Alignment(vertical="top", wrap_text=True, horizontal="center" if center else None)

    unlocked, fill = Protection(locked=False), PatternFill("solid", fgColor=FILL_COLOUR)
    styles = {
        "预填": dict(border=BORDER, alignment=aligned(False)),
        "预填居中": dict(border=BORDER, alignment=aligned(True)),
        "填写": dict(border=BORDER, alignment=aligned(False), fill=fill, protection=unlocked),
        "填写居中": dict(border=BORDER, alignment=aligned(True), fill=fill, protection=unlocked),
        # kept as typed, as text (no dates from "1-2")
        "填写文字": dict(border=BORDER, alignment=aligned(False), fill=fill, protection=unlocked, number_format="@"),
    }
    return {name: named_style(workbook, name, **attributes) for name, attributes in styles.items()}


def _write_visible_sheet(sheet: Worksheet, spec: FormSpec) -> None:
    last_column = get_column_letter(len(COLUMNS))
    title_row(sheet, TITLE_ROW, f"{spec.campaign} 整改进展周报表（{spec.week}）", last_column)

    put(sheet.cell(INFO_ROW, 1),
         f"报送单位：{spec.unit}　截止时间：{spec.due}　请填写浅黄色列，其余内容已预填、不可修改")
    sheet.merge_cells(f"A{INFO_ROW}:{get_column_letter(REPORTER_LABEL_COLUMN - 1)}{INFO_ROW}")
    sheet.cell(INFO_ROW, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    label = sheet.cell(INFO_ROW, REPORTER_LABEL_COLUMN)
    put(label, REPORTER_LABEL)
    label.alignment = Alignment(horizontal="right", vertical="center")
    label.font = Font(bold=True)
    sheet.merge_cells(start_row=INFO_ROW, start_column=REPORTER_COLUMN, end_row=INFO_ROW,
                      end_column=REPORTER_LAST_COLUMN)
    reporter = sheet.cell(INFO_ROW, REPORTER_COLUMN)
    reporter.fill = PatternFill("solid", fgColor=FILL_COLOUR)
    reporter.border = BORDER
    reporter.protection = Protection(locked=False)
    reporter.number_format = "@"
    sheet.row_dimensions[INFO_ROW].height = 22

    for name, index in COLUMN_INDEX.items():
        cell = sheet.cell(HEADER_ROW, index)
        put(cell, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        colour = FILL_HEADER_COLOUR if name in FILL_COLUMNS else LOCKED_HEADER_COLOUR
        cell.fill = PatternFill("solid", fgColor=colour)
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.row_dimensions[HEADER_ROW].height = 32

    ready_check = DataValidation(
        type="list", formula1=f'"{YES},{NO}"', allow_blank=True,
        showErrorMessage=True, errorTitle="填写有误", error="请选择「是」或「否」，也可以不填",
        showInputMessage=True, promptTitle="是否提请验收",
        prompt="整改已完成、需要检查验收时选「是」，并填写佐证材料文件名")
    percent_check = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
        showErrorMessage=True, errorTitle="填写有误", error="请填写0到100之间的整数，也可以不填",
        showInputMessage=True, promptTitle="完成百分比", prompt="可选：填写0到100之间的整数")
    sheet.add_data_validation(ready_check)
    sheet.add_data_validation(percent_check)

    styles = _cell_styles(sheet.parent)
    for offset, row in enumerate(spec.rows):
        r = FIRST_ROW + offset
        values = locked_values(row)
        for name, value in values.items():
            cell = sheet.cell(r, COLUMN_INDEX[name])
            put(cell, value)
            set_style(cell, styles["预填居中" if name in (ID, NUMBER, READY) else "预填"])
        for name in FILL_COLUMNS:
            if row.role == "cooperating" and name == READY:
                continue
            set_style(sheet.cell(r, COLUMN_INDEX[name]), styles[
                "填写居中" if name in (PERCENT, READY) else "填写文字" if name in (PROGRESS, EVIDENCE) else "填写"])
        sheet.row_dimensions[r].height = _row_height(values)
    # whole runs of rows at once: openpyxl compares each cell added against all those before it
    rows = range(FIRST_ROW, FIRST_ROW + len(spec.rows))
    lead_rows = [r for r, row in zip(rows, spec.rows) if row.role == "lead"]
    for check, column, where in ((percent_check, PERCENT, rows), (ready_check, READY, lead_rows)):
        for cells in _column_ranges(COLUMN_INDEX[column], where):
            check.add(cells)

    sheet.freeze_panes = sheet.cell(FIRST_ROW, COLUMN_INDEX[TEXT])
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    landscape_a4(sheet)
    # Locked cells stay selectable; rows and columns may be resized to read long text.
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    sheet.protection.password = PROTECTION_PASSWORD
    sheet.protection.enable()


def _column_ranges(column: int, rows) -> list[str]:
    """Cells of one column in the given rows as ranges of consecutive rows, e.g. ["H4:H9", "H12"]."""
    letter, runs = get_column_letter(column), []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [f"{letter}{first}" + (f":{letter}{last}" if last > first else "") for first, last in runs]


def _write_meta_sheet(sheet: Worksheet, spec: FormSpec) -> None:
    pairs = [("format", FORMAT_NAME), ("format_version", FORMAT_VERSION), ("round_id", spec.round_id),
             ("week", spec.week), ("unit_id", spec.unit_id), ("unit", spec.unit), ("campaign", spec.campaign),
             ("due", spec.due), ("sheet", FORM_SHEET), ("first_row", FIRST_ROW)]
    for r, (key, value) in enumerate(pairs, start=1):
        put(sheet.cell(r, 1), key)
        put(sheet.cell(r, 2), value)
    top = len(pairs) + 2
    for c, name in enumerate(["excel_row", "item_id", "role", *LOCKED_COLUMNS, READY], start=1):
        put(sheet.cell(top, c), name)
    for offset, row in enumerate(spec.rows):
        values = locked_values(row)
        line = [FIRST_ROW + offset, row.item_id, row.role, *(values[n] for n in LOCKED_COLUMNS), values.get(READY)]
        for c, value in enumerate(line, start=1):
            put(sheet.cell(top + 1 + offset, c), value)
    sheet.sheet_state = Worksheet.SHEETSTATE_VERYHIDDEN
    sheet.protection.password = PROTECTION_PASSWORD
    sheet.protection.enable()


def _row_height(values: dict[str, str]) -> float:
    """Excel does not grow wrapped rows written by openpyxl; estimate a height that shows the text,
    with room for at least three lines of progress to be typed."""
    lines = 3
    for name, value in values.items():
        lines = max(lines, wrapped_lines(value, WIDTHS[name]))
    return min(LINE_HEIGHT * lines + 4, 409)
