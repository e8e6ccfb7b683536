"""The drafted ledger as an .xlsx the importer reads: the columns it knows, one row per problem, and every cell
the document left for the office to fill (牵头单位, 责任领导, 整改时限, 整改措施) highlighted, with a note saying so."""
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.drafting.outline import Draft, DraftItem
from models.files.cells import Workbook, merged, put
from models.ledger_files.columns import FIELDS
from models.ledger_files.export import BODY, FIRST_ROW, ledger_sheet

TO_FILL_COLOUR = "#FFFF00"
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
    book = Workbook(path)
    sheet = ledger_sheet(book, draft.ledger_title,
                         f"（据《{source_name}》起草：黄色单元格请整改办补充，核对后用 rectiflow import 导入）",
                         [FIELDS[c.field].label for c in columns], [c.width for c in columns], len(draft.items))
    body, to_fill_format = book.cell_format(**BODY), book.cell_format(**BODY, bg_color=TO_FILL_COLOUR)
    to_fill = dict.fromkeys((FIELDS[f].label for f in TO_FILL_FIELDS), 0)
    for n, item in enumerate(draft.items, 1):
        row = FIRST_ROW - 2 + n  # the n-th problem's row, as XlsxWriter counts them (from 0)
        for index, column in enumerate(columns):
            value = column.value(item, n) or None
            if column.field in TO_FILL_FIELDS and value is None:
                put(sheet, row, index, value, to_fill_format)
                to_fill[FIELDS[column.field].label] += 1
            else:
                put(sheet, row, index, value, body)
    merged(sheet, FIRST_ROW - 1 + len(draft.items), 0, len(columns) - 1,
           "注：1.本台账据来文起草，问题原文照录；2.黄色单元格为待填写内容（牵头单位必填，"
           "多个单位用顿号分隔，第一个为牵头单位）；3.整改时限可写日期或“2027年6月底前”“立行立改”“长期坚持”。")
    book.close()
    return DraftSummary(title=draft.ledger_title, aspects=len(draft.aspects),
                        parents=len({(i.aspect, i.parent) for i in draft.items if i.parent}),
                        problems=len(draft.items), to_fill={k: v for k, v in to_fill.items() if v})
