"""Reading rectification ledgers (整改台账) from the files offices keep: Excel, YAML, JSON.

The readers parse only — nothing in them touches the database. Every reader either returns a LedgerDoc or
raises LedgerFileInvalid with every problem it found. (Writing a parsed ledger: load.py; the ledger as the
office keeps it: export.py.)
"""
from importlib import import_module
from pathlib import Path

from models.domain.problems import LedgerFileInvalid, Problem
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.document import LedgerDoc

# suffix -> the reader's module and function, imported when a file of that kind is read
_READERS = {
    ".xlsx": ("xlsx_reader", "read_ledger_xlsx"),
    ".xlsm": ("xlsx_reader", "read_ledger_xlsx"),
    ".yaml": ("structured_reader", "read_ledger_structured"),
    ".yml": ("structured_reader", "read_ledger_structured"),
    ".json": ("structured_reader", "read_ledger_structured"),
}
LEDGER_SUFFIXES = tuple(_READERS)


def read_ledger(path: str | Path, options: ColumnOptions = ColumnOptions()) -> LedgerDoc:
    """Choose the reader by the file's extension; `options` say how to read headers the reader does not know."""
    path = Path(path)
    module, function = _READERS[ledger_suffix(path.name)]
    return getattr(import_module(f"models.ledger_files.{module}"), function)(path, options)


def ledger_suffix(name: str) -> str:
    """The suffix of a file a ledger can be read from (lower case); LedgerFileInvalid, in Chinese, for any other."""
    suffix = Path(name).suffix.lower()
    if suffix in _READERS:
        return suffix
    if suffix == ".xls":
        reason = "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入"
    else:
        reason = f"不支持的文件类型「{suffix or name}」，请使用 .xlsx、.yaml、.yml 或 .json"
    raise LedgerFileInvalid([Problem.at(None, None, reason)], name)
