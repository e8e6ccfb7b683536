"""Report downloads for the office and the leading group: the progress report, the statistics, the ledger."""
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from models.domain.deadlines import in_window
from models.domain.refusals import NotYourRole
from rectiflow.web.api.identity import Caller, caller
from rectiflow.web.api.params import Name
from rectiflow.web.downloads import DOCX, MARKDOWN, XLSX, written_file

router = APIRouter(tags=["报表"])


def _overseer(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if not who.reader.whole_ledger:
        raise NotYourRole("报表仅供整改办和领导小组下载")
    return who


def _day(who: Caller, as_of: date | None) -> date:
    return in_window(as_of, "截至日期") if as_of else who.today()


@router.get("/reports/progress", response_class=FileResponse, summary="整改进展情况报告（Word 或 Markdown）")
def progress_report(who: Annotated[Caller, Depends(_overseer)], campaign: Name = None,
                    format: Literal["docx", "md"] = "docx", as_of: date | None = None) -> FileResponse:
    from models.reports.files import write_progress_report

    return written_file(lambda path: write_progress_report(who.context.db_url, campaign, _day(who, as_of), format,
                                                           path, False),
                        f"整改进展情况报告.{format}", DOCX if format == "docx" else MARKDOWN)


@router.get("/reports/statistics", response_class=FileResponse, summary="统计与排名（Excel）")
def statistics(who: Annotated[Caller, Depends(_overseer)], campaign: Name = None,
               as_of: date | None = None) -> FileResponse:
    from models.reports.files import write_statistics

    return written_file(lambda path: write_statistics(who.context.db_url, campaign, _day(who, as_of), xlsx=path),
                        "整改统计.xlsx", XLSX)


@router.get("/reports/ledger", response_class=FileResponse, summary="整改台账（Excel，可再导入）")
def ledger(who: Annotated[Caller, Depends(_overseer)], campaign: Name = None) -> FileResponse:
    from models.ledger_files.export import export_ledger_file

    return written_file(lambda path: export_ledger_file(who.context.db_url, campaign, path, _day(who, None)),
                        "整改台账.xlsx", XLSX)
