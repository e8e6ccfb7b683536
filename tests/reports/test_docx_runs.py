"""The report's runs are built with lxml for speed (models/reports/docx.py `append_run`): each must be the XML
python-docx itself writes for the same text and character style."""
import pytest
from docx import Document
from lxml import etree

from models.reports.docx import append_run


@pytest.mark.parametrize("text", ["整改措施已落实", "一\t二", "第一行\n第二行", "回车\r\n换行", "  前后空格 ", "\t", ""])
@pytest.mark.parametrize("style", [None, "Strong"])
def test_a_run_is_what_python_docx_writes(text, style):
    document = Document()
    theirs = document.add_paragraph()
    run = theirs.add_run(text)
    if style:
        run.style = document.styles[style]
    ours = document.add_paragraph()
    append_run(ours, text, document.styles[style].style_id if style else None)
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
