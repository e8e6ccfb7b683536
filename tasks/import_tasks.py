"""Prefect tasks for importing a ledger file: read and validate it, then load it in one transaction."""
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from models.store.database import unit_of_work
from models.ledger_files import read_ledger
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import ImportSummary, load_ledger
from models.settings import Settings


@task(name="read-ledger-file", cache_policy=NO_CACHE)
def read_ledger_file(path: str) -> LedgerDoc:
    return read_ledger(Path(path))


@task(name="load-ledger", cache_policy=NO_CACHE)
def load_ledger_doc(doc: LedgerDoc, title: str | None = None, source_type: str | None = None) -> ImportSummary:
    with unit_of_work(Settings().db_url) as session:
        return load_ledger(session, doc, title=title, source_type=source_type)
