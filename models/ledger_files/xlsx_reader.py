"""Reading an office's Excel ledger (.xlsx): title rows, a header, aspects, item rows."""
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.domain.deadlines import parse_calendar_date
from models.domain.problems import LedgerFileInvalid, Problem, ProblemLog
from models.domain.vocabulary import source_type_in
from models.files.opening import open_workbook
from models.ledger_files.aspects import aspect_title, is_bare_ordinal, looks_like_section_heading
from models.ledger_files.assembly import PendingItem, assemble_ledger, text_of
from models.ledger_files.columns import HeaderLayout, find_header
from models.ledger_files.document import UNCATEGORISED_ASPECT, CampaignDoc, LedgerDoc
from models.ledger_files.merged_grid import MergedGrid
from models.ledger_files.xlsx_items import read_item

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 20
# Dates offices put in the subtitle row: "反馈时间：2026年10月26日　集中整改期限：2027年1月26日".
_LABELLED_DATE = re.compile(r"(反馈时间|反馈日期|集中整改期限|集中整改截止时间|整改期限)[:：]\s*([^\s\u3000]+)")
_CAMPAIGN_DATE_FIELDS = {
    "反馈时间": "feedback_date",
    "反馈日期": "feedback_date",
    "集中整改期限": "period_end",
    "集中整改截止时间": "period_end",
    "整改期限": "period_end",
}


def read_ledger_xlsx(path: str | Path) -> LedgerDoc:
    """Parse an Excel ledger; raises LedgerFileInvalid listing every problem found."""
    path = Path(path)
    workbook = _open_workbook(path)
    sheet, header = _first_sheet_with_header(workbook, path)
    logger.debug("%s: sheet %r, header rows %d-%d", path.name, sheet.title, header.first_row, header.last_row)
    log = ProblemLog(path.name)
    for spec in header.missing_required():
        others = "、".join(spec.aliases[1:])
        log.add(None, spec.label, f"表头中没有这一列（也可写作：{others}）")
    grid = MergedGrid(sheet)
    campaign = _campaign(grid, header, log)
    return assemble_ledger(campaign, list(_items(grid, header, log)), log)


def _open_workbook(path: Path) -> Workbook:
    # Not read-only: merged cell ranges are only available on ordinary worksheets.
    return open_workbook(path, lambda reason: LedgerFileInvalid([Problem.at(None, None, reason)], path.name))


def _first_sheet_with_header(workbook: Workbook, path: Path) -> tuple[Worksheet, HeaderLayout]:
    for sheet in workbook.worksheets:
        grid = MergedGrid(sheet)
        top = [grid.row_values(row) for row in range(1, min(grid.max_row, HEADER_SEARCH_ROWS) + 1)]
        header = find_header(top)
        if header is not None:
            return sheet, header
    reason = "没有找到表头行：表头应包含「序号」「具体问题」「整改措施」「牵头单位」「整改时限」等列名"
    raise LedgerFileInvalid([Problem.at(None, None, reason)], path.name)


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


def _items(grid: MergedGrid, header: HeaderLayout, log: ProblemLog) -> Iterator[PendingItem]:
    aspect: str | None = None
    next_row = header.last_row + 1
    for row in range(header.last_row + 1, grid.max_row + 1):
        if row < next_row or grid.row_is_empty(row):
            continue
        heading = _section_heading(grid, header, row)
        if heading:
            aspect = heading
            continue
        rows = grid.rows_spanned(row, header.index("text")) if header.has("text") else range(row, row + 1)
        next_row = rows[-1] + 1
        # The aspect cell is often filled only on a category's first row; later rows inherit it.
        aspect = _aspect_cell(grid, header, row) or aspect
        yield read_item(grid, header, rows, aspect or UNCATEGORISED_ASPECT, log)


def _aspect_cell(grid: MergedGrid, header: HeaderLayout, row: int) -> str | None:
    if not header.has("aspect"):
        return None
    return aspect_title(text_of(grid.value(row, header.index("aspect")))) or None


def _section_heading(grid: MergedGrid, header: HeaderLayout, row: int) -> str | None:
    """A row holding only "一、关于……方面" (often merged across the table) names the aspect of
    the rows below it; "一" in the 序号 cell beside the title is allowed."""
    texts = _distinct_texts(grid, row)
    if len(texts) == 2 and header.has("number"):
        number = text_of(grid.value(row, header.index("number")))
        if number == texts[0] and is_bare_ordinal(number):
            return aspect_title(texts[1]) or None
    if len(texts) == 1 and looks_like_section_heading(texts[0]):
        return aspect_title(texts[0]) or None
    return None


def _distinct_texts(grid: MergedGrid, row: int) -> list[str]:
    return list(dict.fromkeys(t for t in (text_of(v) for v in grid.row_values(row)) if t))
