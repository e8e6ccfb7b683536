"""`rectiflow draft`: a document in, a ledger draft out — never over a file that is already there."""
from pathlib import Path

from models.domain.refusals import InvalidInput
from models.drafting.outline import outline
from models.drafting.paragraphs import read_paragraphs
from models.drafting.sheet import DraftSummary, write_draft


def draft_ledger(source: Path, output: Path, replace: bool = False) -> DraftSummary:
    if output.suffix.lower() != ".xlsx":
        raise InvalidInput(f"输出文件「{output.name}」应以 .xlsx 结尾")
    if output.exists() and not replace:
        raise InvalidInput(f"「{output}」已存在（可能已填写过），未覆盖；请换一个文件名，或加 --force 覆盖")
    return write_draft(outline(read_paragraphs(source)), output, source.name)
