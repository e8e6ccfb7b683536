"""The ledger (台账) as the office keeps it: an .xlsx with the columns the importer reads, one row per problem,
filled red/yellow/green — and, on sheets of their own, everything else the ledger holds (export_history.py), so
that exporting and importing into an empty database gives the same ledger."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.orm import Session
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from models.domain.chinese_dates import cn_date
from models.domain.deadlines import parse_deadline
from models.domain.vocabulary import REPORT_LABELS, State
from models.files.cells import Workbook, landscape_a4, merged, put, put_row
from models.ledger_files.export_history import write_history
from models.queries.campaigns import the_campaign
from models.queries.item_filter import ItemFilter, item_conditions
from models.queries.lights import lights_for
from models.queries.progress import latest_progress
from models.queries.report_items import ReportSource, report_source_chunks
from models.store.collector import collector_paused
from models.store.database import read_only
from models.tables.ledger import Campaign, Item
from models.tables.progress import ProgressEntry

FILLS = {"red": "#F8CBAD", "yellow": "#FFE699", "green": "#C6EFCE"}
HEADER_ROW, FIRST_ROW = 3, 4  # below the title and the source line, as the importer reads it (XlsxWriter: 2, 3)
BORDER = {"border": 1, "border_color": "#999999"}
BODY = {**BORDER, "valign": "top", "text_wrap": True}


@dataclass(frozen=True)
class Known:
    """What a row shows beyond its item: the aspects' titles, and each item's latest progress from its lead unit."""
    aspects: dict[int, str]
    latest: dict[int, object]


@dataclass(frozen=True)
class Column:
    header: str  # one the importer reads
    width: int
    value: Callable[[ReportSource, Known], object]
    optional: bool = False  # written only when some item has it


def _deadline_cell(item: ReportSource) -> str | date | None:
    """The office's own wording when it still means the current deadline, else the date."""
    if item.deadline_text:
        try:
            when, _, kind = parse_deadline(item.deadline_text)
        except ValueError:
            return item.deadline or item.deadline_text
        if when == item.deadline or (when is None and item.deadline is None and kind != "date"):
            return item.deadline_text
    return item.deadline


def _measures_cell(item: ReportSource, kind: str) -> str | None:
    texts = [m.text for m in item.measures if m.kind == kind]
    return texts[0] if len(texts) == 1 else "\n".join(f"{n}.{t}" for n, t in enumerate(texts, 1)) or None


COLUMNS = (
    Column("序号", 8, lambda i, _: i.number),
    Column("问题类别", 22, lambda i, known: known.aspects[i.aspect_id]),
    Column("反馈问题", 30, lambda i, _: i.parent_text, optional=True),
    Column("具体问题", 40, lambda i, _: i.text),
    Column("整改措施", 50, lambda i, _: _measures_cell(i, "measure")),
    Column("整改目标", 36, lambda i, _: _measures_cell(i, "target"), optional=True),
    Column("责任领导", 10, lambda i, _: i.leader_names),
    Column("牵头单位", 14, lambda i, _: i.lead_unit),
    Column("配合单位", 18, lambda i, _: "、".join(i.cooperating_names) or None),
    Column("整改时限", 16, lambda i, _: _deadline_cell(i)),
    Column("整改进展", 40, lambda i, known: known.latest[i.id].text if i.id in known.latest else None),
    Column("完成情况", 12, lambda i, _: REPORT_LABELS[State(i.state)]),
    Column("问题金额（万元）", 12, lambda i, _: i.problem_amount, optional=True),
    Column("整改到位金额（万元）", 12, lambda i, _: i.rectified_amount, optional=True),
    Column("备注", 16, lambda i, _: i.remarks),
)


@collector_paused()
def export_ledger(session: Session, campaign: Campaign, path: Path, today: date,
                  wanted: ItemFilter | None = None) -> int:
    """`wanted`: only the items it selects (a filtered board's export), else the whole campaign. The items are
    read as plain rows and the workbook written a row at a time (constant memory): a province's 100,000 items as ORM
    objects in a workbook held whole took a minute and 2 GB."""
    conditions = item_conditions(wanted, today) if wanted else []
    items = [i for chunk in report_source_chunks(session, and_(Item.campaign_id == campaign.id, *conditions))
             for i in chunk]
    lights = lights_for(session, items, today)
    if wanted and wanted.light:
        items = [i for i in items if lights[i.id] == wanted.light]
    campaign_items = select(Item.id).where(Item.campaign_id == campaign.id)
    lead = {i.id: i.lead_unit_id for i in items}
    known = Known(aspects={a.id: a.title for a in campaign.aspects}, latest={
        item_id: entry for (item_id, unit_id), entry
        in latest_progress(session, ProgressEntry.item_id.in_(campaign_items)).items() if lead.get(item_id) == unit_id})
    columns = [c for c in COLUMNS if not c.optional or any(c.value(i, known) is not None for i in items)]
    source = (f"问题来源：{campaign.source_type}"
              + (f"　反馈时间：{cn_date(campaign.feedback_date)}" if campaign.feedback_date else "")
              + (f"　集中整改期限：{cn_date(campaign.period_end)}" if campaign.period_end else "")
              + f"　导出时间：{cn_date(today)}")
    book = Workbook(path, {"constant_memory": True})
    sheet = ledger_sheet(book, campaign.title, source, [c.header for c in columns], [c.width for c in columns],
                         len(items))
    formats = _body_formats(book)
    for row, item in enumerate(items, FIRST_ROW - 1):
        light = lights[item.id]
        for index, column in enumerate(columns):
            value = column.value(item, known)
            put(sheet, row, index, value, formats[light, isinstance(value, date)])
    write_history(session, book, items)
    book.close()
    return len(items)


def _body_formats(book: Workbook) -> dict[tuple[str | None, bool], Format]:
    """A body cell's format by its row's light and whether it holds a date."""
    return {(light, is_date): book.cell_format(**BODY, **({"bg_color": FILLS[light]} if light else {}),
                                               **({"num_format": "yyyy-mm-dd"} if is_date else {}))
            for light in (None, *FILLS) for is_date in (False, True)}


def ledger_sheet(book: Workbook, title: str, source: str, headers: list[str], widths: list[int],
                 rows: int) -> Worksheet:
    """How a ledger Rectiflow writes (exported or drafted) is laid out: the title, large and bold, and the source line
    merged across; the header bold, centred and bordered, frozen and filtered; printed on A4 landscape with the header
    on every page. Its `rows` body rows are the caller's to write, from FIRST_ROW."""
    sheet = book.add_worksheet("整改台账")
    last = len(widths) - 1
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(FIRST_ROW - 1, 0)
    sheet.autofilter(HEADER_ROW - 1, 0, HEADER_ROW - 1 + rows, last)
    sheet.repeat_rows(HEADER_ROW - 1)
    landscape_a4(sheet)
    merged(sheet, 0, 0, last, title, book.cell_format(font_size=16, bold=True, align="center"))
    merged(sheet, 1, 0, last, source)
    put_row(sheet, HEADER_ROW - 1, headers,
            book.cell_format(**BORDER, bold=True, align="center", valign="vcenter", text_wrap=True))
    return sheet


@read_only
def export_ledger_file(session: Session, campaign: str | None, path: Path, today: date,
                       wanted: ItemFilter | None = None) -> int:
    """The ledger of the campaign named (or the only one) written to `path`, or only the items `wanted`
    selects of it; returns the number of items."""
    return export_ledger(session, the_campaign(session, campaign), path, today, wanted)
