"""The drafted ledger as an .xlsx the importer reads: the columns it knows, one row per problem, and every cell
the document left for the office to fill (牵头单位, 责任领导, 整改时限, 整改措施) highlighted, with a note saying so."""
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from models.drafting.outline import Draft, DraftItem
from models.files.cells import put, put_row
from models.ledger_files.columns import FIELDS
from models.ledger_files.export import BORDER, FIRST_ROW, HEADER_ROW, prepare_ledger_sheet, style_ledger_heading

TO_FILL = PatternFill("solid", fgColor="FFFF00")
TO_FILL_FIELDS = ("measures", "lead_unit", "leader", "deadline")  # what the importer needs, or the office sets


@dataclass(frozen=True)
class DraftColumn:
    field: str
    width: int
    value: Callable[[DraftItem, int], str]  # (item, its 序号) -> the cell


_COLUMNS = (
    DraftColumn("number", 6, lambda item, n: str(n)),
    DraftColumn("aspect", 18, lambda item, n: item.aspect),
    DraftColumn("parent_problem", 24, lambda item, n: item.parent or ""),
    DraftColumn("text", 48, lambda item, n: item.text),
    DraftColumn("measures", 48, lambda item, n: item.measures),
    DraftColumn("targets", 30, lambda item, n: item.targets),
    DraftColumn("lead_unit", 14, lambda item, n: item.units[0] if item.units else ""),
    DraftColumn("cooperating_units", 16, lambda item, n: "、".join(item.units[1:] + item.cooperating)),
    DraftColumn("leader", 12, lambda item, n: item.leader),
    DraftColumn("deadline", 14, lambda item, n: item.deadline),
)


@dataclass(frozen=True)
class DraftSummary:
    title: str
    aspects: int
    parents: int
    problems: int
    to_fill: dict[str, int]  # column label -> cells to fill


def write_draft(draft: Draft, path: Path, source_name: str) -> DraftSummary:
    columns = [c for c in _COLUMNS if not (c.field == "parent_problem" and not draft.has_parents)
               and not (c.field == "targets" and not any(i.targets for i in draft.items))]
    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    put(sheet.cell(1, 1), draft.ledger_title)
    put(sheet.cell(2, 1), f"（据《{source_name}》起草：黄色单元格请整改办补充，核对后用 rectiflow import 导入）")
    put_row(sheet, HEADER_ROW, [FIELDS[c.field].label for c in columns])
    to_fill = dict.fromkeys((FIELDS[f].label for f in TO_FILL_FIELDS), 0)
    for row, item in enumerate(draft.items, FIRST_ROW):
        for index, column in enumerate(columns, 1):
            cell = sheet.cell(row, index)
            put(cell, column.value(item, row - FIRST_ROW + 1) or None)
            cell.border, cell.alignment = BORDER, Alignment(vertical="top", wrap_text=True)
            if column.field in TO_FILL_FIELDS and cell.value is None:
                cell.fill = TO_FILL
                to_fill[FIELDS[column.field].label] += 1
    note = FIRST_ROW + len(draft.items)
    put(sheet.cell(note, 1), "注：1.本台账据来文起草，问题原文照录；2.黄色单元格为待填写内容（牵头单位必填，"
                             "多个单位用顿号分隔，第一个为牵头单位）；3.整改时限可写日期或“2027年6月底前”“立行立改”“长期坚持”。")
    sheet.merge_cells(start_row=note, start_column=1, end_row=note, end_column=len(columns))
    prepare_ledger_sheet(sheet, [c.width for c in columns], len(draft.items))
    style_ledger_heading(sheet["A1"], list(sheet[HEADER_ROW]))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return DraftSummary(title=draft.ledger_title, aspects=len(draft.aspects),
                        parents=len({(i.aspect, i.parent) for i in draft.items if i.parent}),
                        problems=len(draft.items), to_fill={k: v for k, v in to_fill.items() if v})
