"""Prefect tasks for importing a ledger file: read and validate it, then load it in one transaction."""
from pathlib import Path

from models.ledger_files import read_ledger
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import ImportSummary, import_ledger_doc
from models.settings import Settings
from tasks.lazy_prefect import task


@task(name="read-ledger-file")
def read_ledger_file(path: str, options: ColumnOptions = ColumnOptions()) -> LedgerDoc:
    return read_ledger(Path(path), options)


@task(name="load-ledger")
def load_ledger_doc(doc: LedgerDoc, title: str | None = None, source_type: str | None = None,
                    actor: str = "台账导入（Prefect）", options: ColumnOptions = ColumnOptions()) -> ImportSummary:
    return import_ledger_doc(Settings().db_url, doc, title, source_type, actor, options)
