"""The official-document conventions (GB/T 9704) every Word file Rectiflow writes shares: A4 (portrait, or landscape
for tables), margins 上3.7 下3.5 左2.8 右2.6 cm, body 仿宋_GB2312 三号 at a fixed 28 pt line with a two-character
first-line indent, first-level headings 黑体 三号, second-level 楷体_GB2312 三号, the title 方正小标宋简体 二号
centred, page numbers "— 1 —" centred in the footer. All formatting lives in named styles (正文 = Normal,
标题 1/2 = Heading 1/2, 报告标题, 图片, 题注 = Caption, 页脚 = Footer, 加粗 = Strong, 小标题, 草稿, 附件标识,
表格文字); runs carry no formatting of their own.

Fonts are named with w:eastAsia as well as w:ascii/w:hAnsi (python-docx's ``font.name`` sets only the
latter), and the font table gives each GB2312 font its common substitute (w:altName: 仿宋, 楷体, 黑体) for
machines that lack it.
"""
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from models.domain.text import clean_text

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
TABLE_SIZE = Pt(10.5)  # 五号: what official tables are set in
LINE = Pt(28)  # fixed line spacing

TITLE_STYLE = "报告标题"
PICTURE_STYLE = "图片"
LEAD_STYLE = "小标题"  # a run-in heading: 「（一）加强组织领导，压实整改责任。」
DRAFT_STYLE = "草稿"  # text the office is to edit: highlighted yellow
DRAFT_LEAD_STYLE = "小标题草稿"
ANNEX_STYLE = "附件标识"  # 「附件1」 on a page of its own
TABLE_STYLE = "表格文字"


def official_document(title: str, landscape: bool = False) -> DocumentObject:
    """A new Word document with the page, styles, fonts and page numbers of an official document."""
    document = Document()
    _page_setup(document, landscape)
    _styles(document)
    _font_table(document)
    _page_number_footer(document)
    document.core_properties.title = title
    document.core_properties.author = "Rectiflow"
    document.core_properties.language = "zh-CN"
    return document


# ---- page -------------------------------------------------------------------------------------

def _page_setup(document: DocumentObject, landscape: bool) -> None:
    section = document.sections[0]
    if landscape:  # a ledger's table: the long side across, the margins turned with the page
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(2.8), Cm(2.6)
        section.left_margin, section.right_margin = Cm(3.7), Cm(3.5)
    else:
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


def add_footer_note(document: DocumentObject, note: str) -> None:
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

    _character_style(document, LEAD_STYLE, HEADING2_FONT)
    _character_style(document, DRAFT_STYLE, None, highlight=True)
    _character_style(document, DRAFT_LEAD_STYLE, HEADING2_FONT, highlight=True)

    annex = _paragraph_style(document, ANNEX_STYLE)
    _fonts(annex, HEADING1_FONT)
    annex.paragraph_format.first_line_indent = Pt(0)
    _first_line_chars(annex, 0)
    annex.paragraph_format.page_break_before = True
    annex.paragraph_format.keep_with_next = True

    table_text = _paragraph_style(document, TABLE_STYLE)
    table_text.font.size = TABLE_SIZE
    fmt = table_text.paragraph_format
    fmt.first_line_indent = Pt(0)
    _first_line_chars(table_text, 0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE

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


def _character_style(document: DocumentObject, name: str, font: str | None, highlight: bool = False) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.quick_style = True
    if font:
        _fonts(style, font)
    if highlight:
        style.font.highlight_color = WD_COLOR_INDEX.YELLOW


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
