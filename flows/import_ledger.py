"""Flow: import a ledger file (read and validate, then load everything in one transaction)."""
from flows.runtime import call
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.load import ImportSummary
from tasks.import_tasks import load_ledger_doc, read_ledger_file
from tasks.lazy_prefect import flow


@flow(name="import-ledger", flow_run_name="import-{path}")
def import_ledger_flow(path: str, campaign: str | None = None, source_type: str | None = None,
                       actor: str = "台账导入（Prefect）", options: ColumnOptions = ColumnOptions()) -> ImportSummary:
    doc = call(read_ledger_file, path, options)
    return call(load_ledger_doc, doc, campaign, source_type, actor, options)
