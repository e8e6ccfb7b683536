"""The reports as files the office hands upward: the progress report (Word or Markdown), the statistics
(Excel) and the charts, for a campaign as it stood at the end of a day."""
from datetime import date
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy.orm import Session

from models.domain.refusals import InvalidInput
from models.queries.campaigns import the_campaign
from models.reports.model import Statistics
from models.reports.progress import build_progress_report
from models.reports.statistics import build_statistics
from models.store.database import read_only
from models.tables.ledger import Campaign

REPORT_FORMATS = ("docx", "md")


def write_charts(session: Session, campaign: Campaign, day: date, folder: Path) -> list[Path]:
    """The statistics charts (PNG), named as the report captions them."""
    from models.reports import charts  # matplotlib: only when charts are drawn

    numbers = build_statistics(session, campaign, day)
    folder.mkdir(parents=True, exist_ok=True)
    return [charts.completion_by_aspect(numbers.aspects, folder / f"图1-各方面整改完成情况-{day}.png"),
            charts.burndown(numbers.burndown, folder / f"图2-未办结问题周趋势-{day}.png"),
            charts.unit_ranking(numbers.ranking, folder / f"图3-责任单位排名-{day}.png")]


@read_only
def write_progress_report(session: Session, campaign: str | None, day: date, fmt: str, output: Path,
                          with_charts: bool = True, footer: str | None = None) -> str:
    """Write the report; returns its totals sentence. `footer`: a note for its footer (the audit checkpoint,
    models/store/checkpoints.report_footer)."""
    if fmt not in REPORT_FORMATS:
        raise InvalidInput(f"--format 应为 docx 或 md，不是「{fmt}」")
    found = the_campaign(session, campaign)
    report = build_progress_report(session, found, day)
    if fmt == "md":
        from models.reports.text import progress_markdown

        output.write_text(progress_markdown(report) + (f"\n\n---\n\n```\n{footer}\n```\n" if footer else ""),
                          encoding="utf-8")
    else:
        from models.reports.docx import write_progress_docx

        pictures = write_charts(session, found, day, output.parent) if with_charts else []
        write_progress_docx(report, output, pictures, footer_note=footer)
    return report.totals_sentence


class StatisticsFiles(BaseModel):
    numbers: Statistics
    written: list[Path]


@read_only
def write_statistics(session: Session, campaign: str | None, day: date, xlsx: Path | None = None,
                     chart_dir: Path | None = None) -> StatisticsFiles:
    """The statistics, and (if asked) as an .xlsx and as charts."""
    found = the_campaign(session, campaign)
    numbers = build_statistics(session, found, day)
    written = write_charts(session, found, day, chart_dir) if chart_dir else []
    if xlsx:
        from models.reports.statistics_xlsx import write_statistics_xlsx

        written.insert(0, write_statistics_xlsx(numbers, xlsx))
    return StatisticsFiles(numbers=numbers, written=written)
