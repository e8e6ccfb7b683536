"""`rectiflow report progress|stats` and `rectiflow export ledger`: what the office hands upward."""
from pathlib import Path

import typer
from rich.table import Table

from models.store.database import reading
from rectiflow.cli.context import console, emit_json, ready_db, state

export_app = typer.Typer(no_args_is_help=True)
CAMPAIGN = typer.Option(None, "--campaign", help="整改任务名称或编号（只有一个整改任务时可省略）")
AS_OF = typer.Option(None, "--as-of", help="截至哪一天（默认今天），可重现过去的报告，如 2026-10-31")


def register(report_app: typer.Typer, root: typer.Typer) -> None:
    report_app.command("progress")(progress)
    report_app.command("stats")(stats)
    root.add_typer(export_app, name="export", help="导出：整改台账")


def the_campaign(session, ref: str | None):
    from sqlalchemy import select

    from models.collection.rounds import find_campaign
    from models.tables.ledger import Campaign
    from models.domain.refusals import InvalidInput

    if ref:
        return find_campaign(session, ref)
    campaigns = session.scalars(select(Campaign).order_by(Campaign.id)).all()
    if len(campaigns) != 1:
        names = "、".join(f"#{c.id} {c.title}" for c in campaigns) or "无"
        raise InvalidInput(f"请用 --campaign 指定整改任务（现有：{names}）")
    return campaigns[0]


def day_or_today(text: str | None):
    from rectiflow.cli.work import parse_day

    return parse_day(text, "日期") if text else state.today()


def progress(campaign: str = CAMPAIGN, fmt: str = typer.Option("docx", "--format", help="docx 或 md"),
             output: Path = typer.Option(..., "-o", "--output", metavar="FILE", help="输出文件"),
             as_of: str = AS_OF, charts: bool = typer.Option(True, "--charts/--no-charts", help="在 Word 中插入统计图")):
    """整改进展情况报告（Word 或 Markdown），总数句、各方面问题、措施与进展均由台账生成。"""
    from models.reports.progress import build_progress_report
    from models.domain.refusals import InvalidInput

    if fmt not in ("docx", "md"):
        raise InvalidInput(f"--format 应为 docx 或 md，不是「{fmt}」")
    day = day_or_today(as_of)
    with reading(ready_db()) as session:
        found = the_campaign(session, campaign)
        report = build_progress_report(session, found, day)
        pictures = _charts(session, found, day, output.parent) if charts and fmt == "docx" else []
    if fmt == "md":
        from models.reports.text import progress_markdown

        output.write_text(progress_markdown(report), encoding="utf-8")
    else:
        from models.reports.docx import write_progress_docx

        write_progress_docx(report, output, pictures)
    console.print(f"已生成 {output}：{report.totals_sentence}", highlight=False)


def _charts(session, campaign, day, folder: Path) -> list[Path]:
    from models.reports import charts
    from models.reports.statistics import build_statistics

    numbers = build_statistics(session, campaign, day)
    folder.mkdir(parents=True, exist_ok=True)
    return [charts.completion_by_aspect(numbers.aspects, folder / f"图1-各方面整改完成情况-{day}.png"),
            charts.burndown(numbers.burndown, folder / f"图2-未办结问题周趋势-{day}.png"),
            charts.unit_ranking(numbers.ranking, folder / f"图3-责任单位排名-{day}.png")]


def _percent(rate):
    return "—" if rate is None else f"{rate:.0%}"


def stats(campaign: str = CAMPAIGN, as_of: str = AS_OF, as_json: bool = typer.Option(False, "--json"),
          xlsx: Path = typer.Option(None, "--xlsx", metavar="FILE", help="另存为 Excel"),
          chart_dir: Path = typer.Option(None, "--charts", metavar="DIR", help="把统计图（PNG）存到此目录")):
    """统计：按方面、按单位的问题数、已销号、已验收、长期整改、超期、按时办结率、平均办结天数；月度单位排名。"""
    from models.reports.statistics import build_statistics
    from models.reports.statistics_xlsx import write_statistics_xlsx

    day = day_or_today(as_of)
    with reading(ready_db()) as session:
        found = the_campaign(session, campaign)
        numbers = build_statistics(session, found, day)
        pictures = _charts(session, found, day, chart_dir) if chart_dir else []
    if xlsx:
        write_statistics_xlsx(numbers, xlsx)
    if as_json:
        return emit_json(numbers)
    labels = list(numbers.aspects[0].by_state) if numbers.aspects else []
    table = Table("方面", "问题", *labels, "超期", "按时办结率", "平均办结天数", title=f"{numbers.campaign}（截至 {day}）")
    for a in numbers.aspects:
        table.add_row(a.aspect, str(a.items), *map(str, a.by_state.values()), str(a.overdue), _percent(a.on_time_rate),
                      "—" if a.average_days_to_close is None else str(a.average_days_to_close))
    console.print(table)
    ranking = Table("名次", "牵头单位", "按时办结率", "超期", "上月名次", "变化", title=f"{numbers.month} 单位排名")
    for r in numbers.ranking:
        ranking.add_row(str(r.rank), r.unit, _percent(r.on_time_rate), str(r.overdue), str(r.previous_rank or "—"),
                        r.movement)
    console.print(ranking)
    for written in [xlsx, *pictures]:
        if written:
            console.print(f"已保存 {written}", highlight=False)


@export_app.command("ledger")
def ledger(campaign: str = CAMPAIGN, output: Path = typer.Option(..., "-o", "--output", metavar="FILE.xlsx")):
    """导出整改台账（与导入的列相同，可再导入；按红黄绿灯着色）。"""
    from models.ledger_files.export import export_ledger

    with reading(ready_db()) as session:
        found = the_campaign(session, campaign)
        count = export_ledger(session, found, output, state.today())
    console.print(f"已导出 {count} 个问题到 {output}", highlight=False)
