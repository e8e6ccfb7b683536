"""`rectiflow report progress|stats` and `rectiflow export ledger`: what the office hands upward."""
from pathlib import Path

import typer
from rich.table import Table

from models.domain.deadlines import parse_day
from rectiflow.cli.context import console, emit_json, ready_db, state

export_app = typer.Typer(no_args_is_help=True)
CAMPAIGN = typer.Option(None, "--campaign", help="整改任务名称或编号（只有一个整改任务时可省略）")
AS_OF = typer.Option(None, "--as-of", help="截至哪一天（默认今天），可重现过去的报告，如 2026-10-31")


def register(report_app: typer.Typer, root: typer.Typer) -> None:
    report_app.command("progress")(progress)
    report_app.command("stats")(stats)
    root.add_typer(export_app, name="export", help="导出：整改台账")


def day_or_today(text: str | None):
    return parse_day(text, "日期") if text else state.today()


def progress(campaign: str = CAMPAIGN, fmt: str = typer.Option("docx", "--format", help="docx 或 md"),
             output: Path = typer.Option(..., "-o", "--output", metavar="FILE", help="输出文件"),
             as_of: str = AS_OF, charts: bool = typer.Option(True, "--charts/--no-charts", help="在 Word 中插入统计图")):
    """整改进展情况报告（Word 或 Markdown），总数句、各方面问题、措施与进展均由台账生成。"""
    from models.queries.audit_checkpoint import report_footer
    from models.reports.files import write_progress_report

    db_url = ready_db()
    sentence = write_progress_report(db_url, campaign, day_or_today(as_of), fmt, output, charts,
                                     footer=report_footer(db_url, state.settings))
    console.print(f"已生成 {output}：{sentence}", highlight=False)


def _percent(rate):
    return "—" if rate is None else f"{rate:.0%}"


def stats(campaign: str = CAMPAIGN, as_of: str = AS_OF, as_json: bool = typer.Option(False, "--json"),
          xlsx: Path = typer.Option(None, "--xlsx", metavar="FILE", help="另存为 Excel"),
          chart_dir: Path = typer.Option(None, "--charts", metavar="DIR", help="把统计图（PNG）存到此目录")):
    """统计：按方面、按单位的问题数、已销号、已验收、长期整改、超期、按时办结率、平均办结天数；月度单位排名。"""
    from models.reports.files import write_statistics

    day = day_or_today(as_of)
    files = write_statistics(ready_db(), campaign, day, xlsx, chart_dir)
    numbers = files.numbers
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
    for written in files.written:
        console.print(f"已保存 {written}", highlight=False)


@export_app.command("ledger")
def ledger(campaign: str = CAMPAIGN, output: Path = typer.Option(..., "-o", "--output", metavar="FILE.xlsx")):
    """导出整改台账（与导入的列相同，可再导入；按红黄绿灯着色）。"""
    from models.ledger_files.export import export_ledger_file

    count = export_ledger_file(ready_db(), campaign, output, state.today())
    console.print(f"已导出 {count} 个问题到 {output}", highlight=False)
