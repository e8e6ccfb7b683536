"""Saving a Word document whose body is mostly a long run of paragraphs without ever holding them all: the rest
of the document (styles, footer, pictures) is saved by python-docx around a marker paragraph, and the run of
paragraphs, given as their XML, is written in the marker's place in word/document.xml a thousand at a time. A
province's progress report is 100,000 problems: as one lxml tree and its serialised copy they were most of the
report's memory."""
import re
from collections.abc import Iterable
from io import BytesIO
from itertools import islice
from pathlib import Path
from zipfile import ZipFile, ZipInfo

from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph
from lxml import etree

BODY_PART = "word/document.xml"
PARAGRAPHS_PER_WRITE = 1_000
_DECLARATIONS = re.compile(r' xmlns(?::\w+)?="[^"]*"')


def save_with_streamed_paragraphs(document: DocumentObject, path: Path, marker: Paragraph,
                                  paragraphs: Iterable[str]) -> None:
    """Save `document` to `path` with `paragraphs` (each a w:p element's XML, with the document's own prefixes,
    as models/reports/paragraph_xml.py writes them) in place of `marker`."""
    skeleton = BytesIO()
    document.save(skeleton)
    with ZipFile(skeleton) as source, ZipFile(path, "w") as target:
        for info in source.infolist():
            if info.filename != BODY_PART:
                target.writestr(info, source.read(info))
                continue
            before, after = source.read(info).split(_alone(marker._p), 1)
            part = ZipInfo(BODY_PART, date_time=info.date_time)
            part.compress_type = info.compress_type
            with target.open(part, "w") as body:
                body.write(before)
                paragraphs = iter(paragraphs)
                while written := "".join(islice(paragraphs, PARAGRAPHS_PER_WRITE)):
                    body.write(written.encode("utf-8"))
                body.write(after)


def _alone(element) -> bytes:
    """An element's XML as it reads inside its part (lxml declares the namespaces on an element serialised alone;
    the part's root declares them already)."""
    xml = etree.tostring(element, encoding="unicode", with_tail=False)
    start = xml[:xml.index(">")]
    return xml.replace("".join(_DECLARATIONS.findall(start)), "", 1).encode("utf-8")
