"""The progress report's text is written into the .docx a thousand paragraphs at a time, never held as one tree
(models/reports/docx_stream.py): the document must be exactly the one python-docx itself writes."""
import zipfile

import docx
import pytest
from test_progress_report_docx import make_report, texts, tiny_png

from models.reports import docx_stream
from models.reports.docx import write_progress_docx
from models.reports.text import report_text


def body_xml(path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(docx_stream.BODY_PART)


@pytest.mark.parametrize("per_write", [1, 3, 1_000])
@pytest.mark.parametrize("with_charts", [False, True])
def test_the_streamed_document_is_the_one_python_docx_writes(tmp_path, monkeypatch, per_write, with_charts):
    monkeypatch.setattr(docx_stream, "PARAGRAPHS_PER_WRITE", per_write)
    charts = [tiny_png(tmp_path / "chart.png")] if with_charts else []
    ours = write_progress_docx(make_report(), tmp_path / "ours.docx", charts, footer_note="审计链第 12 条")
    theirs = tmp_path / "theirs.docx"
    docx.Document(str(ours)).save(str(theirs))  # python-docx reads it and writes the same tree itself
    assert body_xml(ours) == body_xml(theirs)
    assert body_xml(ours).count(b"xmlns:w=") == 1  # declared once, on the root, as python-docx writes it
    with zipfile.ZipFile(ours) as package:
        assert package.testzip() is None


def test_every_paragraph_of_the_text_is_written_once_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_stream, "PARAGRAPHS_PER_WRITE", 2)
    report = make_report()
    text = report_text(report)
    written = texts(docx.Document(str(write_progress_docx(report, tmp_path / "r.docx", text=text))))
    expected = [text.title] + [b.text for b in text.blocks] + ["附件1", text.annex[0].runs[1].text] + \
               [b.text for b in text.annex[1:]]
    assert [t for t in written if t] == [t for t in expected if t]
