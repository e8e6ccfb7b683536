"""Reading rectification ledgers (整改台账) from the files offices keep: Excel, YAML, JSON.

Parsing only — nothing here touches the database. Every reader either returns a LedgerDoc or
raises LedgerFileInvalid with every problem it found.
"""
from pathlib import Path

from models.ledger_files.document import CampaignDoc, ItemDoc, LedgerDoc, MeasureDoc
from models.domain.problems import LedgerFileInvalid, Problem
from models.ledger_files.structured_reader import read_ledger_structured
from models.ledger_files.xlsx_reader import read_ledger_xlsx

_READERS = {
    ".xlsx": read_ledger_xlsx,
    ".xlsm": read_ledger_xlsx,
    ".yaml": read_ledger_structured,
    ".yml": read_ledger_structured,
    ".json": read_ledger_structured,
}


def read_ledger(path: str | Path) -> LedgerDoc:
    """Choose the reader by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _READERS:
        return _READERS[suffix](path)
    if suffix == ".xls":
        reason = "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入"
    else:
        reason = f"不支持的文件类型「{suffix or path.name}」，请使用 .xlsx、.yaml、.yml 或 .json"
    raise LedgerFileInvalid([Problem.at(None, None, reason)], path.name)


__all__ = [
    "CampaignDoc",
    "ItemDoc",
    "LedgerDoc",
    "LedgerFileInvalid",
    "MeasureDoc",
    "Problem",
    "read_ledger",
    "read_ledger_structured",
    "read_ledger_xlsx",
]
