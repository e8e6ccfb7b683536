"""Reading a returned weekly progress form, checked against what was sent (the layout: form_spec.py)."""
import re
from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from models.collection.form_spec import (
    COLUMN_INDEX,
    COLUMNS,
    EVIDENCE,
    EVIDENCE_SEPARATORS,
    FIRST_ROW,
    FORM_SHEET,
    FORMAT_NAME,
    HEADER_ROW,
    ID,
    INFO_ROW,
    META_SHEET,
    NO,
    NOT_APPLICABLE,
    PERCENT,
    PROGRESS,
    READABLE_VERSIONS,
    READY,
    REPORTER_COLUMN,
    YES,
    FormAnswer,
    FormIdentity,
    FormInvalid,
    FormReply,
    FormRow,
    FormSpec,
    locked_values,
)
from models.domain.problems import Problem
from models.domain.text import clean_text
from models.files.opening import open_workbook


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
    reporter = _text(sheet.cell(INFO_ROW, REPORTER_COLUMN).value) if _int(meta.get("format_version")) >= 2 else ""
    return FormReply(identity=identity, reporter=reporter or None, answers=answers)



def _open(path: Path):
    return open_workbook(path, lambda reason: FormInvalid([Problem.at(None, None, reason)], path.name))


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
    if version not in READABLE_VERSIONS:
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

    for name, shown in locked_values(row).items():
        if name == READY:
            continue  # the cooperating row's ready cell is checked below, with a clearer reason
        if _text(value(name)) != clean_text(shown):
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
    return clean_text(str(value))


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,12}", value.strip()):  # ASCII digits: "²" is no number
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
