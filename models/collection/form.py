"""The weekly progress form (每周整改进展报送表): written pre-filled for one unit, read back when it returns.

Everything the system already knows is pre-filled and locked; the unit fills only the light-yellow
columns (本周整改进展, 完成百分比, 佐证材料文件名, 是否提请验收). A veryHidden sheet ``_rectiflow``
says which round, week and unit the form belongs to, so a returned file can be matched to its round.

Sheet protection stops Excel users from editing locked cells, but WPS, LibreOffice or a script can
lift it, and the hidden sheet can be edited as well. ``read_form`` therefore compares every locked
cell with the ``FormSpec`` the caller rebuilds from the database, never with the file's own copy.
"""
import logging
import math
import re
import zipfile
from pathlib import Path
from typing import Any, Literal

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from models.domain.problems import FileInvalid, Problem
from models.spreadsheets.cells import display_width, landscape_a4, named_style, put, title_row

logger = logging.getLogger(__name__)

FORMAT_NAME = "rectiflow.collection_form"
FORMAT_VERSION = 1
META_SHEET = "_rectiflow"
FORM_SHEET = "整改进展报送"
# Protection against accidental edits, not a secret: anyone can lift it, which is why read_form
# compares locked cells with the expected spec.
PROTECTION_PASSWORD = "rectiflow"

TITLE_ROW, INFO_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4

ID, NUMBER, TEXT, ROLE, DEADLINE, STATE, LAST = "事项编号", "序号", "具体问题", "本单位职责", "整改时限", "当前状态", "上次报送进展"
PROGRESS, PERCENT, EVIDENCE, READY = "本周整改进展", "完成百分比（可选）", "佐证材料文件名（多个用、分隔）", "是否提请验收（是/否）"
LOCKED_COLUMNS = [ID, NUMBER, TEXT, ROLE, DEADLINE, STATE, LAST]
FILL_COLUMNS = [PROGRESS, PERCENT, EVIDENCE, READY]
COLUMNS = LOCKED_COLUMNS + FILL_COLUMNS
COLUMN_INDEX = {name: i for i, name in enumerate(COLUMNS, start=1)}
WIDTHS = {ID: 8, NUMBER: 7, TEXT: 36, ROLE: 14, DEADLINE: 13, STATE: 10, LAST: 30,
          PROGRESS: 42, PERCENT: 10, EVIDENCE: 26, READY: 11}

NO_PROGRESS = "（暂无）"
NOT_APPLICABLE = "—"  # the ready cell of a cooperating row: only the lead unit submits for verification
YES, NO = "是", "否"
EVIDENCE_SEPARATORS = re.compile(r"[、，,；;\n]+")

FILL_COLOUR = "FFF2CC"  # light yellow: fill in here
FILL_HEADER_COLOUR = "FFE699"
LOCKED_HEADER_COLOUR = "D9D9D9"
_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
LINE_HEIGHT = 15.0  # points per line of 11pt text


class FormRow(BaseModel):
    item_id: int
    number: str
    text: str
    role: Literal["lead", "cooperating"]  # this unit leads the item, or cooperates on it
    lead_unit: str
    deadline: str  # as shown (original text or date)
    state: str  # Chinese state label, e.g. 正在整改 / 待验收
    last_progress: str  # this unit's last reported progress ("" if none)


class FormSpec(BaseModel):
    round_id: int
    campaign: str
    week: str  # ISO week, e.g. 2026-W48
    unit_id: int
    unit: str
    due: str  # due time as shown, e.g. "2026年11月26日 17:00"
    rows: list[FormRow]


class FormIdentity(BaseModel):
    round_id: int
    week: str
    unit_id: int
    unit: str


class FormAnswer(BaseModel):
    row: int  # Excel row number
    item_id: int
    progress: str | None
    percent: int | None
    evidence_names: list[str]
    ready: bool


class FormReply(BaseModel):
    identity: FormIdentity
    answers: list[FormAnswer]  # only rows where something was filled in


class FormInvalid(FileInvalid):
    """The returned form cannot be taken in."""

    kind = "报送表"


# ---------------------------------------------------------------- writing

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
    sheet.merge_cells(f"A{INFO_ROW}:{last_column}{INFO_ROW}")
    sheet.cell(INFO_ROW, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    sheet.row_dimensions[INFO_ROW].height = 20

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
        for name, value in _locked_values(row).items():
            cell = sheet.cell(r, COLUMN_INDEX[name])
            put(cell, value)
            cell.style = styles["预填居中" if name in (ID, NUMBER, READY) else "预填"]
        for name in FILL_COLUMNS:
            if row.role == "cooperating" and name == READY:
                continue
            sheet.cell(r, COLUMN_INDEX[name]).style = styles[
                "填写居中" if name in (PERCENT, READY) else "填写文字" if name in (PROGRESS, EVIDENCE) else "填写"]
        sheet.row_dimensions[r].height = _row_height(_locked_values(row))
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
        values = _locked_values(row)
        line = [FIRST_ROW + offset, row.item_id, row.role, *(values[n] for n in LOCKED_COLUMNS), values.get(READY)]
        for c, value in enumerate(line, start=1):
            put(sheet.cell(top + 1 + offset, c), value)
    sheet.sheet_state = Worksheet.SHEETSTATE_VERYHIDDEN
    sheet.protection.password = PROTECTION_PASSWORD
    sheet.protection.enable()


def _locked_values(row: FormRow) -> dict[str, str]:
    """What the form shows in the locked cells of this row (the ready cell only when it is locked)."""
    values = {
        ID: f"#{row.item_id}",
        NUMBER: row.number,
        TEXT: row.text,
        # A cooperating unit also sees who leads (and who submits for verification).
        ROLE: "牵头" if row.role == "lead" else f"配合（牵头单位：{row.lead_unit}）",
        DEADLINE: row.deadline,
        STATE: row.state,
        LAST: row.last_progress or NO_PROGRESS,
    }
    if row.role == "cooperating":
        values[READY] = NOT_APPLICABLE
    return values


def _clean(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value).replace("\r\n", "\n").strip()


def _row_height(values: dict[str, str]) -> float:
    """Excel does not grow wrapped rows written by openpyxl; estimate a height that shows the text,
    with room for at least three lines of progress to be typed."""
    lines = 3
    for name, value in values.items():
        usable = max(WIDTHS[name] - 1, 1)
        needed = sum(max(1, math.ceil(display_width(part) / usable)) for part in value.split("\n"))
        lines = max(lines, needed)
    return min(LINE_HEIGHT * lines + 4, 409)


# ---------------------------------------------------------------- reading

def read_form_identity(path: Path) -> FormIdentity:
    """Which round, week and unit a returned form belongs to, from its hidden sheet."""
    path = Path(path)
    identity, _ = _identity(_open(path), path)
    return identity


def read_form(path: Path, expected: FormSpec) -> FormReply:
    """Read the unit's answers, checking the form against what was sent (``expected``).

    Raises FormInvalid with every problem found: wrong round/week/unit, edited pre-filled cells,
    rows added, removed or reordered, bad percent or 是/否 values, submissions without evidence.
    """
    path = Path(path)
    workbook = _open(path)
    identity, meta = _identity(workbook, path)
    mismatch = _identity_mismatch(identity, meta, expected)
    if mismatch:
        raise FormInvalid([Problem.at(None, None, mismatch)], path.name)
    sheet_name = str(meta.get("sheet") or FORM_SHEET)
    if sheet_name not in workbook.sheetnames:
        raise FormInvalid([Problem.at(None, None, f"找不到工作表「{sheet_name}」，请使用下发的报送表填写")], path.name)
    sheet = workbook[sheet_name]

    problems: list[Problem] = []
    header_problems = [Problem.at(HEADER_ROW, name, "表头不能修改，也不能插入或删除列")
                       for name, c in COLUMN_INDEX.items() if _text(sheet.cell(HEADER_ROW, c).value) != name]
    if header_problems:
        # With columns moved, every later comparison would only repeat the same fault.
        raise FormInvalid(header_problems, path.name)
    problems += _outside_table(sheet)

    matched = _match_rows(sheet, expected, problems)
    answers = []
    for r, row in matched:
        answer = _read_row(sheet, r, row, problems)
        if answer is not None:
            answers.append(answer)
    if problems:
        raise FormInvalid(problems, path.name)
    return FormReply(identity=identity, answers=answers)


def _open(path: Path):
    def invalid(reason: str) -> FormInvalid:
        return FormInvalid([Problem.at(None, None, reason)], path.name)

    if not path.is_file():
        raise invalid(f"找不到文件「{path}」")
    if path.suffix.lower() in (".xls", ".et"):
        raise invalid("不支持旧版 Excel（.xls）或 WPS（.et）格式，请另存为 .xlsx 后再报送")
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        logger.info("cannot open %s as xlsx: %r", path, error)
        raise invalid("无法打开：这不是有效的 Excel（.xlsx）文件") from error


def _identity(workbook, path: Path) -> tuple[FormIdentity, dict[str, Any]]:
    def invalid(reason: str) -> FormInvalid:
        return FormInvalid([Problem.at(None, None, reason)], path.name)

    not_ours = "这不是本系统下发的报送表（缺少报送表标识），请使用下发的报送表填写"
    if META_SHEET not in workbook.sheetnames:
        raise invalid(not_ours)
    meta: dict[str, Any] = {}
    for key, value in workbook[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if key is None:
            break
        meta[str(key)] = value
    if meta.get("format") != FORMAT_NAME:
        raise invalid(not_ours)
    version = _int(meta.get("format_version"))
    if version != FORMAT_VERSION:
        raise invalid(f"报送表格式版本（{meta.get('format_version')}）无法识别，请使用本周下发的报送表填写")
    round_id, unit_id = _int(meta.get("round_id")), _int(meta.get("unit_id"))
    week, unit = meta.get("week"), meta.get("unit")
    if round_id is None or unit_id is None or not isinstance(week, str) or not isinstance(unit, str):
        raise invalid("报送表标识已损坏，请使用下发的报送表重新填写")
    return FormIdentity(round_id=round_id, week=week, unit_id=unit_id, unit=unit), meta


def _identity_mismatch(identity: FormIdentity, meta: dict[str, Any], expected: FormSpec) -> str | None:
    if identity.unit_id != expected.unit_id or identity.week != expected.week:
        return (f"此表是「{identity.unit}」{identity.week}的报送表，"
                f"不是「{expected.unit}」{expected.week}的报送表，请使用本单位本周下发的报送表")
    if identity.round_id != expected.round_id:
        return (f"此表是「{meta.get('campaign') or '另一项整改'}」{identity.week}的报送表，"
                f"不是「{expected.campaign}」{expected.week}的报送表")
    return None


def _outside_table(sheet: Worksheet) -> list[Problem]:
    """Anything typed right of the table would be lost silently; say so instead."""
    problems = []
    for row in sheet.iter_rows(min_col=len(COLUMNS) + 1):
        for cell in row:
            if _text(cell.value):
                problems.append(Problem.at(cell.row, None,
                                           f"表格以外的单元格{cell.coordinate}不能填写内容，请写在「{PROGRESS}」中"))
    return problems


def _match_rows(sheet: Worksheet, expected: FormSpec, problems: list[Problem]) -> list[tuple[int, FormRow]]:
    """Pair each filled sheet row with the expected item it shows, by item id; report added,
    removed and reordered rows."""
    by_id = {row.item_id: (index, row) for index, row in enumerate(expected.rows)}
    seen: set[int] = set()
    matched: list[tuple[int, int, FormRow]] = []
    for r in range(FIRST_ROW, sheet.max_row + 1):
        values = [_text(sheet.cell(r, c).value) for c in range(1, len(COLUMNS) + 1)]
        if not any(values):
            continue
        shown = values[COLUMN_INDEX[ID] - 1]
        item_id = _item_id(shown)
        if item_id in by_id and item_id not in seen:
            seen.add(item_id)
            index, row = by_id[item_id]
            matched.append((r, index, row))
        elif item_id in seen:
            problems.append(Problem.at(r, ID, f"事项{shown}重复出现：报送表不能增加行"))
        elif shown:
            problems.append(Problem.at(r, ID, f"「{shown}」不是本表的事项：报送表不能增加行，也不能修改事项编号"))
        else:
            problems.append(Problem.at(r, None, f"多出的行：报送表不能增加行，请把情况写在「{PROGRESS}」中"))
    for row in expected.rows:
        if row.item_id not in seen:
            problems.append(Problem.at(None, ID, f"缺少事项#{row.item_id}（序号{row.number}）所在的行：报送表不能删除行"))
    order = [index for _, index, _ in matched]
    if order != sorted(order):
        problems.append(Problem.at(None, None, "事项行的顺序被调换：请保持下发时的顺序"))
    return [(r, row) for r, _, row in matched]


def _read_row(sheet: Worksheet, r: int, row: FormRow, problems: list[Problem]) -> FormAnswer | None:
    def value(name: str) -> Any:
        return sheet.cell(r, COLUMN_INDEX[name]).value

    for name, shown in _locked_values(row).items():
        if name == READY:
            continue  # the cooperating row's ready cell is checked below, with a clearer reason
        if _text(value(name)) != _clean(shown):
            problems.append(Problem.at(r, name, "为预填内容，不能修改"))

    progress = _text(value(PROGRESS)) or None
    evidence = [name.strip() for name in EVIDENCE_SEPARATORS.split(_text(value(EVIDENCE))) if name.strip()]

    percent, bad_percent = _percent(value(PERCENT))
    if bad_percent:
        problems.append(Problem.at(r, PERCENT, f"「{bad_percent}」不是0到100之间的整数"))

    ready_text = _text(value(READY))
    ready = False
    if row.role == "cooperating":
        if ready_text == YES:
            problems.append(Problem.at(r, READY, "本单位为配合单位，不能提请验收（由牵头单位提请）"))
        elif ready_text not in ("", NO, NOT_APPLICABLE):
            problems.append(Problem.at(r, READY, "为预填内容，不能修改"))
    elif ready_text not in ("", YES, NO):
        problems.append(Problem.at(r, READY, f"应填「{YES}」或「{NO}」，不能填「{ready_text}」"))
    else:
        ready = ready_text == YES
        if ready and not evidence:
            problems.append(Problem.at(r, EVIDENCE, "提请验收须填写佐证材料文件名"))

    # "否" alone says nothing new: the row counts as answered only when something was reported.
    if progress is None and percent is None and not evidence and not ready:
        return None
    return FormAnswer(row=r, item_id=row.item_id, progress=progress, percent=percent,
                      evidence_names=evidence, ready=ready)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean(str(value))


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _item_id(shown: str) -> int | None:
    match = re.fullmatch(r"[#＃]\s*(\d+)", shown)
    return int(match.group(1)) if match else None


def _percent(value: Any) -> tuple[int | None, str | None]:
    """(percent, None) or (None, the text shown when it is not a whole number from 0 to 100)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    candidate = value
    if isinstance(value, str):
        candidate = value.strip().removesuffix("%").removesuffix("％").strip()
        try:
            candidate = float(candidate) if "." in candidate else int(candidate)
        except ValueError:
            return None, value.strip()
    number = _int(candidate)
    if number is None or not 0 <= number <= 100:
        return None, _text(value)
    return number, None
