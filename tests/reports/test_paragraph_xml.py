"""The report's paragraphs are written as XML text for speed (models/reports/paragraph_xml.py): each must be the XML
python-docx itself writes for the same paragraph style, texts and character styles."""
import re

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from models.domain.text import clean_text
from models.reports.paragraph_xml import paragraph_xml

TEXTS = ["整改措施已落实", "一\t二", "第一行\n第二行", "回车\r\n换行", "  前后空格 ", "\u3000全角空格", "前 \t 后", "\t", "",
         "A&B <c> \"d\" 'e'", "控制\x07字符"]


def python_docx_writes(paragraph_style: str | None, runs: list[tuple[str, str | None]]) -> str:
    document = Document()
    paragraph = document.add_paragraph(style=paragraph_style)
    for text, style in runs:
        run = paragraph.add_run(clean_text(text))  # as every text of the report is cleaned before it is written
        if style:
            run.style = document.styles[style]
    xml = etree.tostring(paragraph._p, encoding="unicode")
    return re.sub(r' xmlns:\w+="[^"]*"', "", xml)  # declared once on the document's root, not on each paragraph


def style_ids(paragraph_style: str | None, runs: list[tuple[str, str | None]]):
    document = Document()
    return (document.part.get_style_id(paragraph_style, WD_STYLE_TYPE.PARAGRAPH),
            [(text, document.styles[style].style_id if style else None) for text, style in runs])


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("style", [None, "Strong"])
def test_a_run_is_what_python_docx_writes(text, style):
    paragraph_id, runs = style_ids(None, [(text, style)])
    assert paragraph_xml(paragraph_id, runs) == python_docx_writes(None, [(text, style)])


@pytest.mark.parametrize("paragraph_style", [None, "Heading 1", "Title"])
def test_a_paragraph_of_several_runs_is_what_python_docx_writes(paragraph_style):
    runs = [("1.充分发挥党组领导作用。", "Strong"), ("一是召开党组会议\t研究部署；", None), ("", None),
            ("二是<修订>制度 ", "Strong")]
    assert paragraph_xml(*style_ids(paragraph_style, runs)) == python_docx_writes(paragraph_style, runs)


def test_an_empty_paragraph_is_what_python_docx_writes():
    assert paragraph_xml(None, []) == python_docx_writes(None, [])
