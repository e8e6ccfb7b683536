"""Prefect tasks for importing a ledger file: read and validate it, then load it in one transaction."""
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from models.ledger_files import read_ledger
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import ImportSummary, import_ledger_doc
from models.settings import Settings


@task(name="read-ledger-file", cache_policy=NO_CACHE)
def read_ledger_file(path: str, options: ColumnOptions = ColumnOptions()) -> LedgerDoc:
    return read_ledger(Path(path), options)


@task(name="load-ledger", cache_policy=NO_CACHE)
def load_ledger_doc(doc: LedgerDoc, title: str | None = None, source_type: str | None = None,
                    actor: str = "台账导入（Prefect）", options: ColumnOptions = ColumnOptions()) -> ImportSummary:
    return import_ledger_doc(Settings().db_url, doc, title, source_type, actor, options)
