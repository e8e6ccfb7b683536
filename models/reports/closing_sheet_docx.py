"""The 对账销号单 as a Word document in the official style (docx_style.py): the title, the item's facts in a
two-column table, the evidence with each file's sha256, the signatures with the audit entries that record them,
and the line saying the chain was verified."""
from pathlib import Path
from zoneinfo import ZoneInfo

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm

from models.domain.chinese_dates import cn_date, cn_datetime
from models.domain.clock import utcnow
from models.domain.text import clean_text
from models.reports.closing_sheet import AuditLine, ClosingSheet
from models.reports.docx_style import TABLE_STYLE, TITLE_STYLE, official_document
from models.reports.wording import enumerated
from models.store.collector import collector_paused

TITLE = "整改事项对账销号单"


@collector_paused()
def write_closing_sheet_docx(sheet: ClosingSheet, path: Path, timezone: str = "Asia/Shanghai") -> Path:
    document = official_document(f"{TITLE}（{sheet.campaign} 序号{sheet.number}）")
    document.add_paragraph(TITLE, style=TITLE_STYLE)
    document.add_paragraph(clean_text(f"整改任务：{sheet.campaign}　　事项编号：#{sheet.item_id}（台账序号{sheet.number}）"),
                           style=TABLE_STYLE)
    facts = [("问题类别", sheet.aspect), ("反馈问题", sheet.parent or ""), ("具体问题", sheet.problem),
             ("整改措施", enumerated(sheet.measures) if sheet.measures else ""),
             ("完成情况", enumerated(sheet.work) if sheet.work else ""),
             ("牵头单位", sheet.lead_unit), ("配合单位", "、".join(sheet.cooperating_units)),
             ("责任领导", sheet.leader or ""), ("整改时限", "；".join([sheet.deadline or "", *sheet.extensions]).strip("；")),
             ("销号日期", cn_date(sheet.closed_on))]
    _table(document, ["项目", "内容"], [[label, value] for label, value in facts if value], [3.0, 12.6])
    document.add_paragraph("佐证材料", style="Heading 2")
    _table(document, ["序号", "文件名", "大小（字节）", "报送人", "sha256"],
           [[str(n), e.filename, str(e.size), e.added_by, e.sha256] for n, e in enumerate(sheet.evidence, 1)]
           or [["—", "（无）", "", "", ""]], [1.0, 4.6, 2.0, 2.0, 6.0])
    document.add_paragraph("验收和销号签署", style="Heading 2")
    _table(document, ["环节", "签署人", "身份", "签署内容", "签署时间", "审计记录"],
           [[s.stage, s.person + (f"（{s.deputy}代签）" if s.deputy else ""), s.role,
             s.meaning + (f"（{s.meeting}）" if s.meeting else ""), cn_datetime(s.at, timezone), _audit(s.audit)]
            for s in sheet.signatures], [1.8, 2.4, 2.2, 3.0, 2.6, 3.6])
    document.add_paragraph(clean_text(
        f"销号记录：{_audit(sheet.closing)}。审计链校验：共 {sheet.chain_entries} 条记录逐条校验通过；本单所列审计记录的哈希"
        f"与审计链核对一致。"), style=TABLE_STYLE)
    document.add_paragraph(f"出具时间：{cn_date(utcnow().astimezone(ZoneInfo(timezone)).date())}", style=TABLE_STYLE)
    path = Path(path)
    document.save(path)
    return path


def _audit(line: AuditLine) -> str:
    return f"第{line.seq}条，哈希 {line.hash}" + ("" if line.verified else "（核对不一致）")


def _table(document, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    style = document.styles[TABLE_STYLE]
    for cell, name in zip(table.rows[0].cells, header):
        cell.paragraphs[0].style = style
        cell.paragraphs[0].add_run(name).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            cell.paragraphs[0].style = style
            cell.paragraphs[0].add_run(clean_text(value))
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
