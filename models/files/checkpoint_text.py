"""The text of a file that carries published checkpoints: a checkpoint file, a saved message (.txt, .eml, .md), or a
progress report (.docx, checkpoint in its footer). Within the size limits, never executed or followed."""
import zipfile
from pathlib import Path

from models.domain.refusals import InvalidInput
from models.files.limits import MAX_FILE_BYTES, TooLarge, check_archive, check_size


def checkpoint_text(path: Path) -> str:
    if not path.is_file():
        raise InvalidInput(f"找不到检查点文件：{path}")
    try:
        if path.suffix.lower() == ".docx":
            return _docx_text(path)
        check_size(path, MAX_FILE_BYTES)
        return path.read_bytes().decode("utf-8", errors="replace")
    except TooLarge as refusal:
        raise InvalidInput(f"检查点文件「{path.name}」：{refusal}") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InvalidInput(f"无法读取检查点文件「{path.name}」（{error.__class__.__name__}）") from None


def _docx_text(path: Path) -> str:
    from docx import Document

    check_archive(path)
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)
