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
from models.store.collector import collector_paused
from models.store.database import read_only
from models.tables.ledger import Campaign

REPORT_FORMATS = ("docx", "md")


def write_charts(session: Session, campaign: Campaign, day: date, folder: Path) -> list[Path]:
    """The statistics charts (PNG), named as the report captions them. The weekly trend is drawn only once there
    are two weeks to join."""
    from models.reports import charts  # matplotlib: only when charts are drawn

    numbers = build_statistics(session, campaign, day)
    folder.mkdir(parents=True, exist_ok=True)
    written = [charts.completion_by_aspect(numbers.aspects, folder / f"图1-各方面整改完成情况-{day}.png")]
    if len(numbers.burndown) >= charts.MIN_TREND_POINTS:
        written.append(charts.burndown(numbers.burndown, folder / f"图{len(written) + 1}-未办结问题周趋势-{day}.png"))
    written.append(charts.unit_ranking(numbers.ranking, folder / f"图{len(written) + 1}-责任单位排名-{day}.png"))
    return written


class ReportWritten(BaseModel):
    totals_sentence: str
    missing: list[str]  # facts the report needs and nobody gave (named in it as 【待补充：…】)
    drafts: int  # paragraphs marked as drafts for the office to edit


@read_only
@collector_paused()  # once for the whole: resumed after each part, the collector walked the report each time
def write_progress_report(session: Session, campaign: str | None, day: date, fmt: str, output: Path,
                          with_charts: bool = False, since: date | None = None,
                          not_started_apart: bool = False, footer: str | None = None) -> ReportWritten:
    """Write the report; charts, when asked, go to an annex of the Word file. `footer`: a note for its footer
    (the audit checkpoint, models/queries/audit_checkpoint.report_footer)."""
    if fmt not in REPORT_FORMATS:
        raise InvalidInput(f"--format 应为 docx 或 md，不是「{fmt}」")
    found = the_campaign(session, campaign)
    report = build_progress_report(session, found, day, since=since, not_started_apart=not_started_apart)
    from models.reports.text import progress_markdown, report_text

    text = report_text(report)
    if fmt == "md":
        output.write_text(progress_markdown(report, text) + (f"\n\n---\n\n```\n{footer}\n```\n" if footer else ""),
                          encoding="utf-8")
    else:
        from models.reports.docx import write_progress_docx

        pictures = write_charts(session, found, day, output.parent) if with_charts else []
        write_progress_docx(report, output, pictures, text, footer_note=footer)
    return ReportWritten(totals_sentence=report.totals_sentence, missing=text.missing, drafts=text.drafts)


@read_only
def write_ledger_table(session: Session, campaign: str | None, day: date, output: Path) -> int:
    """The 整改台账 as a Word table (landscape); returns how many problems it lists."""
    from models.reports.ledger_docx import write_ledger_docx

    report = build_progress_report(session, the_campaign(session, campaign), day)
    write_ledger_docx(report, output)
    return report.total


@read_only
def write_closing_sheet(session: Session, item_id: int, today: date, output: Path, timezone: str):
    """The 对账销号单 of a closed item (Word), from a verified audit chain; returns what it says."""
    from models.reports.closing_sheet import build_closing_sheet
    from models.reports.closing_sheet_docx import write_closing_sheet_docx

    sheet = build_closing_sheet(session, item_id, today)
    write_closing_sheet_docx(sheet, output, timezone)
    return sheet


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
