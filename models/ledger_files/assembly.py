"""What both readers share: checking field values, and putting items together into a LedgerDoc."""
from dataclasses import dataclass
from datetime import date, datetime

from models.domain.chinese_numerals import to_chinese_number
from models.domain.deadlines import Deadline, parse_deadline
from models.domain.problems import ProblemLog
from models.domain.text import MAX_CELL_TEXT, clean_text
from models.domain.vocabulary import State
from models.ledger_files.document import CampaignDoc, ItemDoc, LedgerDoc
from models.ledger_files.status import parse_status


def text_of(value: object) -> str:
    """A cell or YAML value as text: 3.0 -> "3", a date -> "2023-06-30", None -> ""."""
    if isinstance(value, str):  # most cells: asked first
        return clean_text(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def optional_text(value: object) -> str | None:
    return text_of(value) or None


def checked_deadline(value: object, log: ProblemLog, row: int | None, column: str | None) -> Deadline:
    try:
        return parse_deadline(value)
    except ValueError as error:
        log.add(row, column, str(error))
        return None, None, "none"


def checked_status(value: object, log: ProblemLog, row: int | None, column: str | None) -> State | None:
    try:
        return parse_status(value)
    except ValueError as error:
        log.add(row, column, str(error))
        return None


@dataclass
class PendingItem:
    """An item read from the file, before numbering is checked across the whole ledger."""

    doc: ItemDoc
    number_given: bool
    number_at: tuple[int | None, str | None]  # (row, column) where the 序号 is written


def assemble_ledger(campaign: CampaignDoc, pending: list[PendingItem], log: ProblemLog) -> LedgerDoc:
    """Number the items, report missing/duplicate 序号, raise if anything is wrong."""
    if not pending:
        log.add(None, None, "台账中没有读到任何问题")
    _number_items(pending, log)
    _report_duplicate_numbers(pending, log)
    _report_overlong_text(pending, log)
    log.raise_if_any()
    items = [p.doc for p in pending]
    aspects = list(dict.fromkeys(item.aspect for item in items))
    if _numbering_restarts_per_aspect(items):
        _qualify_numbers_with_aspect(items, aspects)
    return LedgerDoc(campaign=campaign, aspects=aspects, items=items)


# fields that take a whole cell, and how a person names them (an .xlsx row says 第N行「具体问题」)
_LONG_TEXT_FIELDS = {"text": "具体问题", "progress": "整改进展", "remarks": "备注", "leader": "责任领导"}


def _report_overlong_text(pending: list[PendingItem], log: ProblemLog) -> None:
    """Excel holds at most 32,767 characters in a cell: a longer text could never be exported whole."""
    for item in pending:
        row, number_column = item.number_at
        texts = [(label, getattr(item.doc, field)) for field, label in _LONG_TEXT_FIELDS.items()]
        texts += [("整改措施", m.text) for m in item.doc.measures]
        for label, text in texts:
            if text and len(text) > MAX_CELL_TEXT:
                where = label if row is not None else (number_column or "").replace(".number", f"（{label}）")
                log.add(row, where, f"超过 {MAX_CELL_TEXT} 个字符（{len(text)} 个，Excel 单元格的上限），请精简")


def _number_items(pending: list[PendingItem], log: ProblemLog) -> None:
    if not any(p.number_given for p in pending):
        for position, item in enumerate(pending, start=1):
            item.doc.number = str(position)
        return
    for item in pending:
        if not item.number_given:
            log.add(*item.number_at, "序号为空（其他问题都有序号）")


def _report_duplicate_numbers(pending: list[PendingItem], log: ProblemLog) -> None:
    first_seen: dict[tuple[str, str], PendingItem] = {}
    for item in pending:
        if not item.number_given:
            continue
        key = (item.doc.aspect, item.doc.number)
        if key in first_seen:
            log.add(*item.number_at, f"序号「{item.doc.number}」重复（与{_where(first_seen[key])}相同）")
        else:
            first_seen[key] = item


def _where(item: PendingItem) -> str:
    row, column = item.number_at
    return f"第{row}行" if row is not None else f"「{column}」"


def _numbering_restarts_per_aspect(items: list[ItemDoc]) -> bool:
    return len({item.number for item in items}) < len(items)


def _qualify_numbers_with_aspect(items: list[ItemDoc], aspects: list[str]) -> None:
    """Each aspect numbered 1, 2, … (as in seed 003): 序号 must still be unique in a campaign,
    so "2" under the second aspect becomes "二-2"."""
    for item in items:
        item.number = f"{to_chinese_number(aspects.index(item.aspect) + 1)}-{item.number}"
