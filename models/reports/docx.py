"""The progress report (整改进展情况报告) as a Word document in the official-document style (docx_style.py).

The wording is ``report_text``'s (text.py); this module only lays it out: the title, the paragraphs with their
run-in headings and bold lead-ins, drafts highlighted yellow for the office to edit, then the annexes — the
evidence list and, when asked, the statistics charts, each on a page of its own, 15 cm wide and captioned."""
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from models.domain.text import clean_text
from models.reports.blocks import Block, Run
from models.reports.docx_stream import save_with_streamed_paragraphs
from models.reports.docx_style import (
    ANNEX_STYLE,
    DRAFT_LEAD_STYLE,
    DRAFT_STYLE,
    LEAD_STYLE,
    PICTURE_STYLE,
    TITLE_STYLE,
    add_footer_note,
    official_document,
)
from models.reports.model import ProgressReport
from models.reports.paragraph_xml import paragraph_xml
from models.reports.text import ReportText, report_text
from models.store.collector import collector_paused

CHART_WIDTH = Cm(15)
CHARTS_ANNEX = "统计图"
PARAGRAPH_STYLES = {"heading1": "Heading 1", "heading2": "Heading 2", "body": None, "title": TITLE_STYLE}

_CAPTION_NUMBER = re.compile(r"^图\s*\d+\s*[-_—－.、:：\s]*")
_CAPTION_DATE = re.compile(r"[-_\s]*\d{4}-\d{2}-\d{2}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKER = "rectiflow-report-text"


@collector_paused()
def write_progress_docx(report: ProgressReport, path: Path, charts: Sequence[Path] = (),
                        text: ReportText | None = None, footer_note: str | None = None) -> Path:
    """Write the report to ``path`` (.docx); ``charts`` (PNG files), when given, make an annex of their own;
    ``footer_note`` goes under the page number (the audit checkpoint)."""
    text = text or report_text(report)
    document = official_document(clean_text(text.title))
    if footer_note:
        add_footer_note(document, footer_note)
    # Paragraphs go in before a closing one, which is written first: `document.add_paragraph` looks for the end of
    # the body on every call, and a report of 10,000 items would take minutes.
    end = document.add_paragraph()
    layout = Layout(end)
    marker = layout.add(_MARKER)  # the text and its annex are written in its place, a paragraph at a time
    if charts:
        layout.annex(2 if text.annex else 1, CHARTS_ANNEX)
        for number, chart in enumerate(charts, 1):
            layout.add(style=PICTURE_STYLE).add_run().add_picture(str(chart), width=CHART_WIDTH)
            layout.add(chart_caption(number, Path(chart)), style="Caption")
    end._p.getparent().remove(end._p)
    path = Path(path)
    save_with_streamed_paragraphs(document, path, marker, _text_paragraphs(TextStyles(document), text))
    return path


def _text_paragraphs(styles: "TextStyles", text: ReportText) -> Iterator[str]:
    """The report's text and its annex, a paragraph (its XML) at a time."""
    yield styles.paragraph(Block("title", (Run(text.title),)))
    for block in text.blocks:
        yield styles.paragraph(block)
    if text.annex:
        yield paragraph_xml(styles.paragraph_id(ANNEX_STYLE), [("附件1", None)])
        yield paragraph_xml(styles.paragraph_id(TITLE_STYLE), [(text.annex[0].runs[1].text, None)])
        for block in text.annex[1:]:
            yield styles.paragraph(block)


class TextStyles:
    """The document's style ids for the text's blocks and runs, looked up once (python-docx searches the styles
    on every lookup by name)."""

    def __init__(self, document: DocumentObject):
        self.document = document
        styles = document.styles
        self.run_styles = {("strong", False): styles["Strong"].style_id, ("lead", False): styles[LEAD_STYLE].style_id,
                           ("", True): styles[DRAFT_STYLE].style_id, ("lead", True): styles[DRAFT_LEAD_STYLE].style_id,
                           ("strong", True): styles[DRAFT_STYLE].style_id}
        self.block_styles = {kind: self.paragraph_id(name) for kind, name in PARAGRAPH_STYLES.items()}

    def paragraph_id(self, name: str | None) -> str | None:
        return self.document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)

    def paragraph(self, block: Block) -> str:
        return paragraph_xml(self.block_styles[block.kind],
                             ((run.text, self.run_styles.get((run.style, run.draft))) for run in block.runs))


class Layout:
    """Adds paragraphs (python-docx's) before the document's end marker: the marker, the charts' annex."""

    def __init__(self, end: Paragraph):
        self.end = end

    def add(self, words: str | None = None, style: str | None = None) -> Paragraph:
        # text from the ledger may predate the input checks: what Word's XML cannot hold never reaches it
        return self.end.insert_paragraph_before(clean_text(words) if words else words, style)

    def annex(self, number: int, title: str) -> tuple[Paragraph, Paragraph]:
        return self.add(f"附件{number}", style=ANNEX_STYLE), self.add(title, style=TITLE_STYLE)


def chart_caption(number: int, chart: Path) -> str:
    """图1, or 图1 各方面整改完成情况 when the file is named so ("图1-各方面整改完成情况-2026-12-01.png")."""
    name = _CAPTION_NUMBER.sub("", _CAPTION_DATE.sub("", chart.stem)).strip()
    return f"图{number} {name}" if _CJK.search(name) else f"图{number}"
