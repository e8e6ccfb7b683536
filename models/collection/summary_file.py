"""The weekly summary's workbook and what its message says, from the database: the work a round's close hands to a
writer process (models/collection/form_writers.py), so that the statistics and charts are made beside it."""
from datetime import datetime
from pathlib import Path

from models.collection.summary import build_summary
from models.collection.summary_xlsx import write_summary_xlsx
from models.domain.chinese_dates import cn_datetime
from models.store.collector import collector_paused
from models.store.database import reading

SUMMARY_LIST_LIMIT = 20  # the message lists this many per section; the attachment has everything


@collector_paused()
def write_summary_file(db_url: str, round_id: int, now: datetime, path: Path, zone: str) -> dict:
    """Write the summary of the round as it stands at `now` to `path`; returns the message's own parts (the
    summary's progress lines, one per open item, are the attachment's)."""
    with reading(db_url) as session:
        summary = build_summary(session, round_id, now)
    write_summary_xlsx(summary, path, zone)
    context = summary.model_dump(mode="json", include={"campaign", "week", "aspects", "units"})
    for key in ("transitions", "due_soon", "overdue"):
        lines = getattr(summary, key)
        context[key] = [line.model_dump(mode="json") for line in lines[:SUMMARY_LIST_LIMIT]]
        context[f"{key}_total"] = len(lines)
    context["due"] = cn_datetime(summary.due_at, zone)
    context["attachment"] = path.name
    return context
