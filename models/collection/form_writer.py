"""Writing the weekly progress form, pre-filled and locked, for one unit (the layout: form_spec.py).

Written with XlsxWriter (models/files/cells.py): a province's round writes 2,000 of these."""
from pathlib import Path

from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from models.collection.form_spec import (
    COLUMN_INDEX,
    COLUMNS,
    EVIDENCE,
    FILL_COLUMNS,
    FIRST_ROW,
    FORM_SHEET,
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_ROW,
    ID,
    INFO_ROW,
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
    TEXT,
    TITLE_ROW,
    WIDTHS,
    YES,
    FormSpec,
    locked_values,
)
from models.files.cells import StructureLockedWorkbook, landscape_a4, merged, put, wrapped_lines

FILL_COLOUR = "#FFF2CC"  # light yellow: fill in here
FILL_HEADER_COLOUR = "#FFE699"
LOCKED_HEADER_COLOUR = "#D9D9D9"
BORDER = {"border": 1, "border_color": "#808080"}
LINE_HEIGHT = 15.0  # points per line of 11pt text
# the cell formats, by name: pre-filled (locked) and to fill in (unlocked, yellow)
_PREFILLED = {**BORDER, "valign": "top", "text_wrap": True}
_TO_FILL = {**_PREFILLED, "bg_color": FILL_COLOUR, "locked": False}
FORMATS = {
    "title": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"},
    "info": {"align": "left", "valign": "vcenter", "text_wrap": True},
    "label": {"align": "right", "valign": "vcenter", "bold": True},
    "reporter": {**BORDER, "bg_color": FILL_COLOUR, "locked": False, "num_format": "@"},
    "locked header": {**BORDER, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                      "bg_color": LOCKED_HEADER_COLOUR},
    "fill header": {**BORDER, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                    "bg_color": FILL_HEADER_COLOUR},
    "预填": _PREFILLED,
    "预填居中": {**_PREFILLED, "align": "center"},
    "填写": _TO_FILL,
    "填写居中": {**_TO_FILL, "align": "center"},
    "填写文字": {**_TO_FILL, "num_format": "@"},  # kept as typed, as text (no dates from "1-2")
}


def write_form(spec: FormSpec, path: Path) -> None:
    """Write the pre-filled form for one unit to ``path`` (.xlsx)."""
    # No adding, deleting, renaming or unhiding sheets from the Excel UI.
    # in memory: XlsxWriter's default writes each part of the file to a temporary file first
    workbook = StructureLockedWorkbook(path, PROTECTION_PASSWORD, {"in_memory": True})
    formats = {name: workbook.cell_format(**properties) for name, properties in FORMATS.items()}
    _write_visible_sheet(workbook.add_worksheet(FORM_SHEET), spec, formats)
    _write_meta_sheet(workbook.add_worksheet(META_SHEET), spec)
    workbook.set_properties({"title": f"{spec.campaign} 整改进展周报表（{spec.week}）", "author": "Rectiflow"})
    workbook.close()


def _write_visible_sheet(sheet: Worksheet, spec: FormSpec, formats: dict) -> None:
    """Rows and columns as form_spec.py numbers them (from 1); XlsxWriter counts from 0."""
    last = len(COLUMNS) - 1
    merged(sheet, TITLE_ROW - 1, 0, last, f"{spec.campaign} 整改进展周报表（{spec.week}）", formats["title"])
    sheet.set_row(TITLE_ROW - 1, 26)

    info = INFO_ROW - 1
    merged(sheet, info, 0, REPORTER_LABEL_COLUMN - 2,
           f"报送单位：{spec.unit}　截止时间：{spec.due}　请填写浅黄色列，其余内容已预填、不可修改", formats["info"])
    put(sheet, info, REPORTER_LABEL_COLUMN - 1, REPORTER_LABEL, formats["label"])
    merged(sheet, info, REPORTER_COLUMN - 1, REPORTER_LAST_COLUMN - 1, None, formats["reporter"])
    sheet.set_row(info, 22)

    for name, index in COLUMN_INDEX.items():
        put(sheet, HEADER_ROW - 1, index - 1, name, formats["fill header" if name in FILL_COLUMNS else "locked header"])
        sheet.set_column(index - 1, index - 1, WIDTHS[name])
    sheet.set_row(HEADER_ROW - 1, 32)

    for offset, row in enumerate(spec.rows):
        r = FIRST_ROW - 1 + offset
        values = locked_values(row)
        sheet.set_row(r, _row_height(values))
        for name, value in values.items():
            put(sheet, r, COLUMN_INDEX[name] - 1, value, formats["预填居中" if name in (ID, NUMBER, READY) else "预填"])
        for name in FILL_COLUMNS:
            if row.role == "cooperating" and name == READY:
                continue
            put(sheet, r, COLUMN_INDEX[name] - 1, None, formats[
                "填写居中" if name in (PERCENT, READY) else "填写文字" if name in (PROGRESS, EVIDENCE) else "填写"])
    rows = range(FIRST_ROW - 1, FIRST_ROW - 1 + len(spec.rows))
    lead_rows = [r for r, row in zip(rows, spec.rows) if row.role == "lead"]
    checks = (
        (PERCENT, rows, {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": 100,
                         "error_title": "填写有误", "error_message": "请填写0到100之间的整数，也可以不填",
                         "input_title": "完成百分比", "input_message": "可选：填写0到100之间的整数"}),
        (READY, lead_rows, {"validate": "list", "source": [YES, NO],
                            "error_title": "填写有误", "error_message": "请选择「是」或「否」，也可以不填",
                            "input_title": "是否提请验收",
                            "input_message": "整改已完成、需要检查验收时选「是」，并填写佐证材料文件名"}),
    )
    for name, where, check in checks:
        column, runs = COLUMN_INDEX[name] - 1, _runs(where)
        if runs:  # one validation over every run of the column's rows
            ranges = " ".join(xl_range(first, column, last, column) for first, last in runs)
            top, bottom = runs[0]
            sheet.data_validation(top, column, bottom, column, {**check, "ignore_blank": True, "multi_range": ranges})

    sheet.freeze_panes(FIRST_ROW - 1, COLUMN_INDEX[TEXT] - 1)
    sheet.repeat_rows(HEADER_ROW - 1)
    landscape_a4(sheet)
    # Locked cells stay selectable; rows and columns may be resized to read long text.
    sheet.protect(PROTECTION_PASSWORD, {"format_rows": True, "format_columns": True})
    sheet.activate()


def _runs(rows) -> list[tuple[int, int]]:
    """Runs of consecutive rows (first, last), e.g. [(3, 8), (11, 11)]."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [(first, last) for first, last in runs]


def _write_meta_sheet(sheet: Worksheet, spec: FormSpec) -> None:
    """Which round, week and unit the form belongs to: all the reader takes from the hidden sheet (it checks the rows
    against what was sent, rebuilt from the database, so the rows are not copied here)."""
    pairs = [("format", FORMAT_NAME), ("format_version", FORMAT_VERSION), ("round_id", spec.round_id),
             ("week", spec.week), ("unit_id", spec.unit_id), ("unit", spec.unit), ("campaign", spec.campaign),
             ("due", spec.due), ("sheet", FORM_SHEET), ("first_row", FIRST_ROW)]
    for r, (key, value) in enumerate(pairs):
        put(sheet, r, 0, key)
        put(sheet, r, 1, value)
    sheet.very_hidden()
    sheet.protect(PROTECTION_PASSWORD)


def _row_height(values: dict[str, str]) -> float:
    """Excel does not grow wrapped rows written by a library; estimate a height that shows the text,
    with room for at least three lines of progress to be typed."""
    lines = 3
    for name, value in values.items():
        lines = max(lines, wrapped_lines(value, WIDTHS[name]))
    return min(LINE_HEIGHT * lines + 4, 409)
