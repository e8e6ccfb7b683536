"""`import --check`: the whole import run as it would be — the file read, every unit and leader checked against
the directory — and then undone: nothing is written, whatever it finds."""
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import ImportSummary, load_ledger
from models.store.unit_of_work import unit_of_work


class _Undo(Exception):
    """Raised at the end of a check so that its transaction rolls back."""

    def __init__(self, summary: ImportSummary):
        self.summary = summary


def check_ledger(db_url: str, doc: LedgerDoc, title: str | None = None, source_type: str | None = None,
                 options: ColumnOptions = ColumnOptions()) -> ImportSummary:
    try:
        with unit_of_work(db_url) as uow:
            raise _Undo(load_ledger(uow, doc, title=title, source_type=source_type, options=options))
    except _Undo as done:
        return done.summary
