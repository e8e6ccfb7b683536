"""The paragraphs of a .docx or .txt document, as text, within the file limits; a refusal in Chinese otherwise."""
import logging
import zipfile
from pathlib import Path

from models.domain.refusals import InvalidInput
from models.domain.text import MAX_CELL_TEXT, clean_text, within
from models.files.limits import TooLarge, check_archive, check_size

logger = logging.getLogger(__name__)
SUFFIXES = (".docx", ".txt")
_TEXT_ENCODINGS = ("utf-8-sig", "gb18030")  # offices' .txt files are UTF-8 or GBK (Windows Notepad's ANSI)


def read_paragraphs(path: Path) -> list[str]:
    """Every non-empty paragraph, blanks and full-width indents trimmed, in order."""
    if not path.is_file():
        raise InvalidInput(f"找不到文件「{path}」")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise InvalidInput(f"「{path.name}」是旧版 Word（.doc）文件，请在 Word 或 WPS 中另存为 .docx 后再起草")
    if suffix not in SUFFIXES:
        raise InvalidInput(f"「{path.name}」不是 .docx 或 .txt 文件，无法起草台账")
    try:
        lines = _docx(path) if suffix == ".docx" else _text(path)
    except TooLarge as refusal:
        raise InvalidInput(f"「{path.name}」：{refusal}") from None
    paragraphs = [text for text in (clean_text(line).strip() for line in lines) if text]
    for number, text in enumerate(paragraphs, 1):
        within(text, MAX_CELL_TEXT, f"「{path.name}」第{number}段")  # it would not fit in the ledger's cell
    return paragraphs


def _docx(path: Path) -> list[str]:
    import docx  # only for the command that reads a document

    check_archive(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        logger.info("cannot open %s as docx: %r", path, error)
        raise InvalidInput(f"无法打开「{path.name}」：这不是有效的 Word（.docx）文件，或文件已损坏") from None
    return [line for paragraph in document.paragraphs for line in paragraph.text.splitlines()]  # soft breaks too


def _text(path: Path) -> list[str]:
    check_size(path)
    data = path.read_bytes()
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"无法读取「{path.name}」：文本编码不是 UTF-8 或 GBK")
