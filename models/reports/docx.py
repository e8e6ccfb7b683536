"""The progress report (整改进展情况报告) as a Word document in the official-document style.

The wording is ``report_text``'s (models/progress_report_markdown.py); this module lays it out as
party and government documents are set (GB/T 9704): A4, margins 上3.7 下3.5 左2.8 右2.6 cm, body
仿宋_GB2312 三号 at a fixed 28 pt line, first-line indent of two characters, first-level headings
黑体 三号, second-level 楷体_GB2312 三号, title 方正小标宋简体 二号 centred, page numbers "— 1 —"
centred in the footer. All formatting lives in named styles (正文 = Normal, 标题 1/2 = Heading 1/2,
报告标题, 图片, 题注 = Caption, 页脚 = Footer, 加粗 = Strong); runs carry no formatting of their own.

Fonts are named with w:eastAsia as well as w:ascii/w:hAnsi (python-docx's ``font.name`` sets only
the latter), and the font table gives each GB2312 font its common substitute (w:altName: 仿宋,
楷体, 黑体) for machines that lack it.
"""
import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from models.domain.text import clean_text
from models.reports.model import ProgressReport
from models.reports.text import ReportText, report_text
from models.store.collector import collector_paused

BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
PAGE_NUMBER_FONT = "宋体"
# w:altName in the font table: what to use where the GB2312 / 方正 font is not installed
FONT_SUBSTITUTES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "黑体"}

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)  # fixed line spacing
CHART_WIDTH = Cm(15)

_CAPTION_NUMBER = re.compile(r"^图\s*\d+\s*[-_—－.、:：\s]*")
_CAPTION_DATE = re.compile(r"[-_\s]*\d{4}-\d{2}-\d{2}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")

TITLE_STYLE = "报告标题"
PICTURE_STYLE = "图片"


@collector_paused()
def write_progress_docx(report: ProgressReport, path: Path, charts: Sequence[Path] = (),
                        timezone: str = "Asia/Shanghai", footer_note: str | None = None) -> Path:
    """Write the report to ``path`` (.docx); ``charts`` (PNG files) go under 一、整改工作总体情况, 15 cm wide,
    captioned 图1、图2… (with the chart's name when its file is named in Chinese, see ``chart_caption``)."""
    text = report_text(report, timezone)
    document = Document()
    _page_setup(document)
    _styles(document)
    _font_table(document)
    _page_number_footer(document)
    if footer_note:
        _footer_note(document, footer_note)
    _body(document, text, [Path(c) for c in charts])
    document.core_properties.title = clean_text(text.title)
    document.core_properties.author = "Rectiflow"
    document.core_properties.language = "zh-CN"
    path = Path(path)
    document.save(path)
    return path


def _body(document: DocumentObject, text: ReportText, charts: list[Path]) -> None:
    # Paragraphs go in before the closing section, which is written first: `document.add_paragraph` looks
    # for the end of the body on every call, and a report of 10,000 items would take minutes.
    end = document.add_paragraph(text.next_steps_heading, style="Heading 1")
    document.add_paragraph(clean_text(text.next_steps))

    def add(words: str | None = None, style: str | None = None) -> Paragraph:
        # text from the ledger may predate the input checks: what Word's XML cannot hold never reaches it
        return end.insert_paragraph_before(clean_text(words) if words else words, style)

    strong = document.styles["Strong"].style_id  # looked up once: python-docx searches the styles per run
    add(text.title, style=TITLE_STYLE)
    add(text.opening)
    add(text.overview_heading, style="Heading 1")
    add(text.totals)
    for number, chart in enumerate(charts, 1):
        add(style=PICTURE_STYLE).add_run().add_picture(str(chart), width=CHART_WIDTH)
        add(chart_caption(number, chart), style="Caption")
    add(text.tasks_heading, style="Heading 1")
    for aspect in text.aspects:
        add(aspect.heading, style="Heading 2")
        for item in aspect.items:
            if item.parent_heading:
                add().add_run(clean_text(item.parent_heading))._r.style = strong
            paragraph = add()
            paragraph.add_run(clean_text(item.lead))._r.style = strong
            if item.measures:
                paragraph.add_run(clean_text(item.measures))
            for detail in item.details:
                paragraph = add(detail)
            paragraph.add_run(clean_text(item.state))


def chart_caption(number: int, chart: Path) -> str:
    """图1, or 图1 各方面整改完成情况 when the file is named so ("图1-各方面整改完成情况-2026-12-01.png")."""
    name = _CAPTION_NUMBER.sub("", _CAPTION_DATE.sub("", chart.stem)).strip()
    return f"图{number} {name}" if _CJK.search(name) else f"图{number}"


# ---- page -------------------------------------------------------------------------------------

def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.5)


def _page_number_footer(document: DocumentObject) -> None:
    """"— 1 —" centred: a PAGE field (fldChar begin / instrText / separate / result / end) between dashes."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.add_run("— ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")


def _footer_note(document: DocumentObject, note: str) -> None:
    """A note under the page number, line for line in small type (the audit checkpoint: models/store/checkpoints.py)."""
    footer = document.sections[0].footer
    for line in note.splitlines():
        paragraph = footer.add_paragraph(clean_text(line))
        paragraph.style = document.styles["Footer"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.line_spacing = 1.0
        for run in paragraph.runs:
            run.font.size = Pt(6)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    def fld_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    for child in (fld_char("begin"), instr, fld_char("separate")):
        paragraph.add_run()._r.append(child)
    paragraph.add_run(placeholder)  # shown until the field is updated (Word updates PAGE on layout)
    paragraph.add_run()._r.append(fld_char("end"))


# ---- styles -----------------------------------------------------------------------------------

def _styles(document: DocumentObject) -> None:
    styles = document.styles
    _document_defaults(document)

    normal = styles["Normal"]
    _fonts(normal, BODY_FONT)
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = RGBColor(0, 0, 0)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = BODY_SIZE * 2
    _first_line_chars(normal, 2)

    for name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        heading = styles[name]
        _reset_run_properties(heading)
        _fonts(heading, font)
        heading.font.size = BODY_SIZE
        heading.font.bold = False
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)
        heading.paragraph_format.keep_with_next = True

    title = _paragraph_style(document, TITLE_STYLE)
    _fonts(title, TITLE_FONT)
    title.font.size = TITLE_SIZE
    title.next_paragraph_style = normal
    fmt = title.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    _first_line_chars(title, 0)
    fmt.line_spacing = Pt(36)
    fmt.space_after = LINE  # one blank line under the title
    fmt.keep_with_next = True

    picture = _paragraph_style(document, PICTURE_STYLE)
    fmt = picture.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    _first_line_chars(picture, 0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # a fixed line would clip the picture
    fmt.space_before = Pt(6)
    fmt.keep_with_next = True

    caption = styles["Caption"]
    _reset_run_properties(caption)
    _fonts(caption, BODY_FONT)
    caption.font.size = PAGE_NUMBER_SIZE
    caption.font.color.rgb = RGBColor(0, 0, 0)
    fmt = caption.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    _first_line_chars(caption, 0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE

    footer = styles["Footer"]
    _fonts(footer, PAGE_NUMBER_FONT)
    footer.font.size = PAGE_NUMBER_SIZE
    fmt = footer.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    _first_line_chars(footer, 0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _document_defaults(document: DocumentObject) -> None:
    """Document defaults without theme fonts (they would win over named fonts), East Asian text in zh-CN."""
    r_pr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), BODY_FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph_style(document: DocumentObject, name: str):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    return style


def _fonts(style: BaseStyle, name: str) -> None:
    """Name the font for Latin and East Asian text alike (w:ascii, w:hAnsi, w:eastAsia, w:cs)."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _reset_run_properties(style: BaseStyle) -> None:
    """Drop the template's run formatting (theme fonts, colours, bold, sizes) before setting ours."""
    r_pr = style.element.rPr
    if r_pr is not None:
        style.element.remove(r_pr)


def _first_line_chars(style: BaseStyle, chars: int) -> None:
    """First-line indent in characters (w:firstLineChars, hundredths), which Word prefers over twips."""
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _font_table(document: DocumentObject) -> None:
    """Declare the report's Chinese fonts (GB2312 charset) with their usual substitutes."""
    part = next((rel.target_part for rel in document.part.rels.values()
                 if not rel.is_external and rel.target_part.content_type == CONTENT_TYPE.WML_FONT_TABLE), None)
    if part is None or not hasattr(part, "_blob"):  # python-docx keeps the font table as a plain blob part
        return
    table = parse_xml(part.blob)
    known = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
    for name in (BODY_FONT, HEADING1_FONT, HEADING2_FONT, TITLE_FONT, PAGE_NUMBER_FONT):
        if name in known:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        if name in FONT_SUBSTITUTES:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), FONT_SUBSTITUTES[name])
            font.append(alt)
        for tag, value in (("w:charset", "86"), ("w:family", "modern"), ("w:pitch", "variable")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            font.append(element)
        table.append(font)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
