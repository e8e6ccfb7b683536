"""Reading an office's Excel ledger (.xlsx): title rows, a header, aspects, item rows — every column and every
row accounted for (read, ignored as told, or skipped with the reason)."""
import logging
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.domain.deadlines import parse_calendar_date
from models.domain.problems import LedgerFileInvalid, Problem, ProblemLog
from models.domain.vocabulary import source_type_in
from models.files.limits import Tally, TooLarge
from models.files.opening import open_workbook
from models.ledger_files.amounts import header_factor
from models.ledger_files.aspects import aspect_title, is_bare_ordinal, looks_like_section_heading
from models.ledger_files.assembly import PendingItem, assemble_ledger, text_of
from models.ledger_files.columns import FIELDS, ColumnOptions, HeaderLayout, find_header
from models.ledger_files.document import UNCATEGORISED_ASPECT, CampaignDoc, ColumnReading, LedgerDoc, SkippedRow
from models.ledger_files.merged_grid import MergedGrid
from models.ledger_files.row_kinds import kind_of
from models.ledger_files.status import is_status
from models.ledger_files.xlsx_history import read_history
from models.ledger_files.xlsx_items import read_item

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 20
# Dates offices put in the subtitle row: "反馈时间：2026年10月26日　集中整改期限：2027年1月26日".
_LABELLED_DATE = re.compile(r"(反馈时间|反馈日期|集中整改期限|集中整改截止时间|整改期限)[:：]\s*([^\s\u3000）)]+)")
_CAMPAIGN_DATE_FIELDS = {
    "反馈时间": "feedback_date",
    "反馈日期": "feedback_date",
    "集中整改期限": "period_end",
    "集中整改截止时间": "period_end",
    "整改期限": "period_end",
}


def read_ledger_xlsx(path: str | Path, options: ColumnOptions = ColumnOptions()) -> LedgerDoc:
    """Parse an Excel ledger; raises LedgerFileInvalid listing every problem found."""
    path = Path(path)
    workbook = _open_workbook(path)
    read = partial(_grid, tally=Tally(), path=path)  # a sheet, read within the file's limits (counted over all)
    try:
        return _read(workbook, read, path, options)
    finally:
        workbook.close()


def _read(workbook: Workbook, read: Callable[[Worksheet], MergedGrid], path: Path, options: ColumnOptions
          ) -> LedgerDoc:
    grid, header = _first_sheet_with_header(workbook, read, path, options)
    logger.debug("%s: header rows %d-%d", path.name, header.first_row, header.last_row)
    log = ProblemLog(path.name)
    _decide_by_content(grid, header)
    _unnamed_columns_with_data(grid, header)
    for spec in header.missing_required():
        others = "、".join(spec.aliases[1:])
        log.add(None, spec.label, f"表头中没有这一列（也可写作：{others}；或用 --column 列名={spec.field} 指明）")
    for index, label in header.unknown:
        log.add(header.last_row, label or f"第{index}列", "这一列无法识别：请用 --column 列名=字段 指明它是哪一项"
                f"（字段：{'、'.join(f'{s.field}/{s.label}' for s in FIELDS.values() if s.field != 'status_or_progress')}）"
                "，或用 --ignore-column 列名 明确忽略；未写入任何内容")
    campaign = _campaign(grid, header, log)
    skipped = _subtitles(grid, header)
    pending = list(_items(grid, header, log, skipped))
    read_history(lambda name: read(workbook[name]) if name in workbook.sheetnames else None, pending, log)
    doc = assemble_ledger(campaign, pending, log)
    return doc.model_copy(update={"columns": _readings(header, options), "skipped": skipped,
                                  "amount_unit_note": _amount_note(header)})


def _open_workbook(path: Path) -> Workbook:
    # Read-only: each sheet is read once, as a stream, its limits counted on the way (merged_grid.py).
    return open_workbook(path, lambda reason: _invalid(path, reason), read_only=True, scan_sheets=False)


def _invalid(path: Path, reason: str) -> LedgerFileInvalid:
    return LedgerFileInvalid([Problem.at(None, None, reason)], path.name)


def _first_sheet_with_header(workbook: Workbook, read: Callable[[Worksheet], MergedGrid], path: Path,
                             options: ColumnOptions) -> tuple[MergedGrid, HeaderLayout]:
    for sheet in workbook.worksheets:
        grid = read(sheet)
        top = [grid.row_values(row) for row in range(1, min(grid.max_row, HEADER_SEARCH_ROWS) + 1)]
        header = find_header(top, options=options)
        if header is not None:
            return grid, header
    reason = "没有找到表头行：表头应包含「序号」「具体问题」「整改措施」「牵头单位」「整改时限」等列名"
    raise _invalid(path, reason)


def _grid(sheet: Worksheet, tally: Tally, path: Path) -> MergedGrid:
    """The sheet read; a read-only workbook parses a sheet only now, so one too large or damaged fails here."""
    try:
        return MergedGrid(sheet, tally)
    except TooLarge as refusal:
        raise _invalid(path, str(refusal)) from None
    except Exception as error:  # as in open_workbook: a damaged part fails in many ways inside openpyxl
        logger.info("cannot read %s: %r", path, error)
        raise _invalid(path, "无法打开：这不是有效的 Excel（.xlsx）文件，或文件已损坏") from None


def _decide_by_content(grid: MergedGrid, header: HeaderLayout) -> None:
    """整改情况 holds statuses in some ledgers and a narrative in others (audit ledgers keep the status in
    整改结果): a column of nothing but status words is the status, any other is the progress."""
    if not header.has("status_or_progress"):
        return
    index, label = header.columns.pop("status_or_progress")
    values = [grid.value(row, index) for row in range(header.last_row + 1, grid.max_row + 1)]
    filled = [v for v in values if text_of(v)]
    chosen = "status" if filled and all(is_status(v) for v in filled) and not header.has("status") else "progress"
    if chosen in header.columns:
        header.unknown.append((index, f"{label}（与「{header.label(chosen)}」同为{FIELDS[chosen].label}）"))
    else:
        header.columns[chosen] = (index, label)
        header.decided[chosen] = "按内容判断"


def _unnamed_columns_with_data(grid: MergedGrid, header: HeaderLayout) -> None:
    """Data under a column with no name would be lost without a word: name it as unknown instead."""
    named = {index for index, _ in header.columns.values()} | {i for i, _, _ in header.ignored} | \
        {i for i, _ in header.unknown}
    for column in range(1, grid.max_column + 1):
        if column in named:
            continue
        rows = [r for r in range(header.last_row + 1, grid.max_row + 1) if text_of(grid.own_value(r, column))]
        if rows and not all(kind_of(_distinct_texts(grid, r)) for r in rows):
            header.unknown.append((column, f"第{column}列（无列名，第{rows[0]}行起有内容）"))


def _readings(header: HeaderLayout, options: ColumnOptions) -> list[ColumnReading]:
    read = [ColumnReading(column=index, header=label, field=field,
                          how=header.decided.get(field) or ("按 --column 指定" if options.field_for(label) else "按列名"))
            for field, (index, label) in header.columns.items()]
    read += [ColumnReading(column=index, header=label, field=None, how=why) for index, label, why in header.ignored]
    return sorted(read, key=lambda r: r.column)


def _amount_note(header: HeaderLayout) -> str | None:
    unnamed = [header.label(f) for f in ("problem_amount", "rectified_amount")
               if header.has(f) and not header_factor(header.label(f))[1]]
    return f"金额列「{'」「'.join(unnamed)}」未注明单位，按万元读取" if unnamed else None


def _campaign(grid: MergedGrid, header: HeaderLayout, log: ProblemLog) -> CampaignDoc:
    campaign = CampaignDoc()
    for row in range(1, header.first_row):
        texts = _distinct_texts(grid, row)
        if texts and campaign.title is None:
            campaign.title = texts[0]
            campaign.source_type = source_type_in(campaign.title)
        for label, value in _LABELLED_DATE.findall(" ".join(texts)):
            try:
                setattr(campaign, _CAMPAIGN_DATE_FIELDS[label], parse_calendar_date(value))
            except ValueError as error:
                log.add(row, None, f"{label}：{error}")
    return campaign


def _subtitles(grid: MergedGrid, header: HeaderLayout) -> list[SkippedRow]:
    """The rows between the title and the header: read for the campaign's dates, listed as not problems."""
    rows = [row for row in range(1, header.first_row) if _distinct_texts(grid, row)]
    return [SkippedRow(row=row, why=_above_header_kind(grid, header, row), text=" ".join(_distinct_texts(grid, row))[:80])
            for row in rows[1:]]


def _above_header_kind(grid: MergedGrid, header: HeaderLayout, row: int) -> str:
    """A row of several cells right above the header groups its columns (问题清单 | 任务清单 | 责任清单)."""
    return "表头分组" if row == header.first_row - 1 and len(_distinct_texts(grid, row)) >= 2 else "副标题"


def _items(grid: MergedGrid, header: HeaderLayout, log: ProblemLog, skipped: list[SkippedRow]
           ) -> Iterator[PendingItem]:
    aspect: str | None = None
    next_row = header.last_row + 1
    for row in range(header.last_row + 1, grid.max_row + 1):
        if row < next_row or grid.row_is_empty(row):
            continue
        texts = _distinct_texts(grid, row)
        why = kind_of(texts)
        if why:
            skipped.append(SkippedRow(row=row, why=why, text=" ".join(texts)[:80]))
            continue
        heading = _section_heading(grid, header, row, texts)
        if heading:
            aspect = heading
            continue
        rows = grid.rows_spanned(row, header.index("text")) if header.has("text") else range(row, row + 1)
        next_row = rows[-1] + 1
        # The aspect cell is often filled only on a category's first row; later rows inherit it.
        aspect = _aspect_cell(grid, header, row) or aspect
        parent = text_of(grid.value(row, header.index("parent_problem"))) if header.has("parent_problem") else None
        yield read_item(grid, header, rows, aspect or UNCATEGORISED_ASPECT, parent or None, log)


def _aspect_cell(grid: MergedGrid, header: HeaderLayout, row: int) -> str | None:
    if not header.has("aspect"):
        return None
    return aspect_title(text_of(grid.value(row, header.index("aspect")))) or None


def _section_heading(grid: MergedGrid, header: HeaderLayout, row: int, texts: list[str]) -> str | None:
    """A row holding only "一、关于……方面" (often merged across the table) names the aspect of
    the rows below it (`texts`: the row's distinct texts); "一" in the 序号 cell beside the title is allowed."""
    if len(texts) == 2 and header.has("number"):
        number = text_of(grid.value(row, header.index("number")))
        if number == texts[0] and is_bare_ordinal(number):
            return aspect_title(texts[1]) or None
    if len(texts) == 1 and looks_like_section_heading(texts[0]):
        return aspect_title(texts[0]) or None
    return None


def _distinct_texts(grid: MergedGrid, row: int) -> list[str]:
    return list(dict.fromkeys(filter(None, map(text_of, grid.row_values(row)))))
