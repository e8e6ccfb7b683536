"""The 整改台账 as a Word table (the official table layout, landscape A4): the ledger's title, who keeps it and the
day it stands at, then one row per problem under its aspect — 序号, 问题, 整改措施, 责任领导, 牵头单位, 配合单位,
整改时限, 整改进展 (the work done, or where it stands), 完成情况 — the header repeated on every page. The
words are the progress report's (same data, same wording rules); this module only lays them out."""
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table

from models.domain.chinese_dates import cn_date
from models.domain.text import clean_text
from models.reports.docx_style import TABLE_STYLE, TITLE_STYLE, official_document
from models.reports.model import ProgressReport, ReportItem
from models.reports.tasks_text import aspect_heading
from models.reports.wording import bare, deadline_words, enumerated, sentence, without_file_names
from models.store.collector import collector_paused

COLUMNS = [("序号", 1.0), ("问题", 4.2), ("整改措施", 5.5), ("责任领导", 1.6), ("牵头单位", 1.8), ("配合单位", 1.8),
           ("整改时限", 1.8), ("整改进展", 3.2), ("完成情况", 1.6)]  # cm: 22.5, the landscape page's text width


@collector_paused()
def write_ledger_docx(report: ProgressReport, path: Path) -> Path:
    document = official_document(clean_text(report.campaign), landscape=True)
    document.add_paragraph(clean_text(report.campaign), style=TITLE_STYLE)
    keeper = report.facts.inspected_body or ""
    document.add_paragraph(clean_text(f"填报单位：{keeper}　　截至：{cn_date(report.as_of)}"), style=TABLE_STYLE)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _header(table)
    for n, aspect in enumerate(sorted(report.aspects, key=lambda a: a.position), 1):
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.paragraphs[0].style = document.styles[TABLE_STYLE]
        merged.paragraphs[0].add_run(clean_text(aspect_heading(n, aspect.title))).bold = True
        for item in aspect.items:
            _cells(table.add_row(), [item.number, _problem(item), enumerated(item.measures) if item.measures else "",
                                     item.leader or "", item.lead_unit, "、".join(item.cooperating_units),
                                     deadline_words(item.deadline, item.deadline_text) or "", _progress(item),
                                     item.state_label], document.styles[TABLE_STYLE])
    _widths(table)
    path = Path(path)
    document.save(path)
    return path


def _problem(item: ReportItem) -> str:
    return f"{bare(item.parent)}：{sentence(bare(item.text))}" if item.parent else sentence(bare(item.text))


def _progress(item: ReportItem) -> str:
    if item.work:
        return enumerated(item.work)
    return sentence(without_file_names(bare(item.current))) if item.current else ""


def _header(table: Table) -> None:
    row = table.rows[0]
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeated at the top of every page
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, (name, _) in zip(row.cells, COLUMNS):
        paragraph = cell.paragraphs[0]
        paragraph.style = table.part.document.styles[TABLE_STYLE]
        paragraph.add_run(name).bold = True


def _cells(row, values: list[str], style) -> None:
    for cell, value in zip(row.cells, values):
        cell.paragraphs[0].style = style
        cell.paragraphs[0].add_run(clean_text(value))


def _widths(table: Table) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, (_, width) in zip(row.cells, COLUMNS):
            cell.width = Cm(width)
