"""Saving a Word document whose body is mostly a long run of paragraphs without ever holding them all: the rest
of the document (styles, footer, pictures) is saved by python-docx around a marker paragraph, and the run of
paragraphs is written in the marker's place in word/document.xml a thousand at a time, each thousand built in a
scratch body, serialised as python-docx serialises the document, and dropped. A province's progress report is
100,000 problems: as one lxml tree and its serialised copy they were most of the report's memory."""
import re
from collections.abc import Callable, Iterable
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile, ZipInfo

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph
from lxml import etree

BODY_PART = "word/document.xml"
PARAGRAPHS_PER_WRITE = 1_000
_DECLARATIONS = re.compile(r' xmlns(?::\w+)?="[^"]*"')


def save_with_streamed_paragraphs(document: DocumentObject, path: Path, marker: Paragraph,
                                  paragraphs: Callable[[Paragraph], Iterable[object]]) -> None:
    """Save `document` to `path` with the paragraphs `paragraphs(end)` adds before `end` in place of `marker`;
    it yields once per paragraph added (what it yields is not used)."""
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
                scratch = _ScratchBody(document)
                for count, _ in enumerate(paragraphs(scratch.end), 1):
                    if count % PARAGRAPHS_PER_WRITE == 0:
                        body.write(scratch.take())
                body.write(scratch.take())
                body.write(after)


class _ScratchBody:
    """A detached w:body with an end paragraph to add before. It declares the namespace, so its children serialise
    exactly as they read inside the document, whose root declares it."""

    def __init__(self, document: DocumentObject):
        self.element = OxmlElement("w:body")
        end = OxmlElement("w:p")
        self.element.append(end)
        self.end = Paragraph(end, document._body)
        self._tail = etree.tostring(end, encoding="unicode").replace(_declarations(end), "") + "</w:body>"

    def take(self) -> bytes:
        """The paragraphs added since the last take, serialised, and out of the scratch body."""
        xml = etree.tostring(self.element, encoding="unicode")
        added = xml[xml.index(">") + 1:len(xml) - len(self._tail)]
        for child in self.element[:-1]:
            self.element.remove(child)
        return added.encode("utf-8")


def _declarations(element) -> str:
    xml = etree.tostring(element, encoding="unicode")
    return "".join(_DECLARATIONS.findall(xml[:xml.index(">")]))


def _alone(element) -> bytes:
    """An element's XML as it reads inside its part (lxml declares the namespaces on an element serialised alone;
    the part's root declares them already)."""
    xml = etree.tostring(element, encoding="unicode", with_tail=False)
    return xml.replace(_declarations(element), "", 1).encode("utf-8")
