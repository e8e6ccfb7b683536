"""A Word paragraph as the XML python-docx writes for it (`insert_paragraph_before(style=…)`, then runs with their
character style, tabs as <w:tab/>, line breaks as <w:br/>), written as text: a province's progress report is
100,000 paragraphs, and building each as lxml elements only to serialise them again was most of the Word file's
time. The `w:` prefix is the document's own (its root declares it); tests/reports/test_paragraph_xml.py checks
the text against python-docx's."""
import re
from collections.abc import Iterable
from html import escape

from models.domain.text import clean_text

_BREAKS = re.compile(r"([\t\n])")  # clean_text has made every line end "\n"


def paragraph_xml(style_id: str | None, runs: Iterable[tuple[str, str | None]]) -> str:
    """`runs`: (text, character style id or None); text from the ledger may predate the input checks, so what
    Word's XML cannot hold is dropped here."""
    style = f'<w:pPr><w:pStyle w:val="{_attribute(style_id)}"/></w:pPr>' if style_id else ""
    return _element("w:p", style + "".join(_run(clean_text(text), run_style) for text, run_style in runs))


def _run(text: str, style_id: str | None) -> str:
    style = f'<w:rPr><w:rStyle w:val="{_attribute(style_id)}"/></w:rPr>' if style_id else ""
    if "\t" not in text and "\n" not in text:  # nearly every run: one text element
        return _element("w:r", style + _text(text) if text else style)
    return _element("w:r", style + "".join(_piece(piece) for piece in _BREAKS.split(text) if piece))


def _attribute(value: str) -> str:
    return escape(value, quote=False).replace('"', "&quot;")


def _element(tag: str, content: str) -> str:
    return f"<{tag}>{content}</{tag}>" if content else f"<{tag}/>"


def _piece(piece: str) -> str:
    if piece == "\t":
        return "<w:tab/>"
    if piece == "\n":
        return "<w:br/>"
    return _text(piece)


def _text(text: str) -> str:
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f"<w:t{space}>{escape(text, quote=False)}</w:t>"
