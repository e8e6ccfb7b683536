"""报表: the files the office hands upward, as of a day, made by the same functions as `rectiflow report …` and
`rectiflow export ledger`. Downloading only reads (GET); a refusal is said on the page, in Chinese."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Depends, Request

from models.domain.refs import ref_number
from models.domain.refusals import InvalidInput, Refused
from models.files.names import safe_name
from rectiflow.web.api.problems import status_of
from rectiflow.web.caller import Caller
from rectiflow.web.downloads import DOCX, MARKDOWN, XLSX, written_file
from rectiflow.web.portal.oversight import as_of_day, chosen_campaign, overseer
from rectiflow.web.portal.pages import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Kind:
    label: str  # the button, and the file's name
    suffix: str
    media_type: str
    write: Callable[[Caller, str, date, Path], object]


def _progress(fmt: str):
    def write(who: Caller, campaign: str, day: date, path: Path):
        from models.queries.audit_checkpoint import report_footer
        from models.reports.files import write_progress_report

        footer = report_footer(who.context.db_url, who.context.settings)
        return write_progress_report(who.context.db_url, campaign, day, fmt, path, footer=footer)
    return write


def _statistics(who: Caller, campaign: str, day: date, path: Path):
    from models.reports.files import write_statistics

    return write_statistics(who.context.db_url, campaign, day, xlsx=path)


def _ledger_xlsx(who: Caller, campaign: str, day: date, path: Path):
    from models.ledger_files.export import export_ledger_file

    return export_ledger_file(who.context.db_url, campaign, path, day)


def _ledger_docx(who: Caller, campaign: str, day: date, path: Path):
    from models.reports.files import write_ledger_table

    return write_ledger_table(who.context.db_url, campaign, day, path)


KINDS = {
    "progress-docx": Kind("整改进展情况报告", "docx", DOCX, _progress("docx")),
    "progress-md": Kind("整改进展情况报告", "md", MARKDOWN, _progress("md")),
    "statistics": Kind("整改统计与单位排名", "xlsx", XLSX, _statistics),
    "ledger-xlsx": Kind("整改台账", "xlsx", XLSX, _ledger_xlsx),
    "ledger-docx": Kind("整改台账表格", "docx", DOCX, _ledger_docx),
}


def _page(request: Request, who: Caller, campaign: int | None, as_of: str | None, status_code: int = 200,
          **context):
    campaigns, chosen = chosen_campaign(who, campaign)
    return render(request, "reports.html", who, status_code=status_code, campaigns=campaigns, chosen=chosen,
                  as_of=as_of or who.today().isoformat(), kinds=KINDS, **context)


@router.get("/reports")
def reports(request: Request, campaign: int | None = None, who: Caller = Depends(overseer)):
    return _page(request, who, campaign, None)


@router.get("/reports/download")
def download(request: Request, kind: str, campaign: int | None = None, as_of: str | None = None,
             who: Caller = Depends(overseer)):
    try:
        wanted = KINDS.get(kind)
        if wanted is None:
            raise InvalidInput(f"没有这种报表「{kind}」")
        campaigns, chosen = chosen_campaign(who, campaign)
        if chosen is None:
            raise InvalidInput("尚未导入整改台账，没有可下载的报表")
        day = as_of_day(who, as_of)
        name = safe_name(f"{chosen.title}-{wanted.label}-截至{day.isoformat()}.{wanted.suffix}", "报表")
        return written_file(lambda path: wanted.write(who, f"#{chosen.id}", day, path), name, wanted.media_type)
    except Refused as refused:
        return _page(request, who, campaign, as_of, status_code=status_of(refused), error=refused.message)


@router.get("/reports/closing-sheet")
def closing_sheet(request: Request, item: str, who: Caller = Depends(overseer)):
    from models.reports.files import write_closing_sheet

    try:
        item_id = ref_number(item)
        if item_id is None:
            raise InvalidInput(f"事项编号「{item}」无法识别，请填写数字编号，如 12")
        settings = who.context.settings
        return written_file(lambda path: write_closing_sheet(who.context.db_url, item_id, who.today(), path,
                                                             settings.timezone),
                            f"对账销号单-事项{item_id}.docx", DOCX)
    except Refused as refused:
        return _page(request, who, None, None, status_code=status_of(refused), closing_error=refused.message,
                     item=item)
