"""`rectiflow report progress|stats` and `rectiflow export ledger`: what the office hands upward."""
from pathlib import Path

import typer
from rich.table import Table

from models.domain.deadlines import parse_day
from models.domain.refusals import InvalidInput
from rectiflow.cli.context import console, emit_json, ready_db, state

export_app = typer.Typer(no_args_is_help=True)
CAMPAIGN = typer.Option(None, "--campaign", help="整改任务名称或编号（只有一个整改任务时可省略）")
AS_OF = typer.Option(None, "--as-of", help="截至哪一天（默认今天），可重现过去的报告，如 2026-10-31")


def register(report_app: typer.Typer, root: typer.Typer) -> None:
    report_app.command("progress")(progress)
    report_app.command("stats")(stats)
    report_app.command("ledger")(ledger_table)
    report_app.command("closing-sheet")(closing_sheet)
    root.add_typer(export_app, name="export", help="导出：整改台账")


def day_or_today(text: str | None):
    return parse_day(text, "日期") if text else state.today()


def progress(campaign: str = CAMPAIGN, fmt: str = typer.Option("docx", "--format", help="docx 或 md"),
             output: Path = typer.Option(..., "-o", "--output", metavar="FILE", help="输出文件"),
             as_of: str = AS_OF, since: str = typer.Option(None, "--since", metavar="DATE",
                                                           help="本期起始日（默认反馈之日）：长期整改问题在此后报送进展的，计为取得重大进展"),
             not_started: bool = typer.Option(False, "--not-started", help="把尚未启动的问题单列（默认计入正在整改）"),
             charts: bool = typer.Option(False, "--charts/--no-charts", help="在 Word 附件中附统计图（默认不附）")):
    """整改进展情况报告（Word 或 Markdown）：标题与开头取自整改任务信息，主体责任、总数、各问题已完成的工作均由
    系统记录生成；黄色底纹为草稿，请整改办修改后再报送。"""
    from models.queries.audit_checkpoint import report_footer
    from models.reports.files import write_progress_report

    db_url = ready_db()
    written = write_progress_report(db_url, campaign, day_or_today(as_of), fmt, output, charts,
                                    since=day_or_today(since) if since else None, not_started_apart=not_started,
                                    footer=report_footer(db_url, state.settings))
    console.print(f"已生成 {output}：{written.totals_sentence}", highlight=False)
    if written.drafts:
        mark = "黄色底纹" if fmt == "docx" else "【草稿】"
        console.print(f"其中 {written.drafts} 段为草稿（{mark}），请整改办修改后再报送。", highlight=False)
    if written.missing:
        console.print(f"[yellow]报告尚缺：[/yellow]{'、'.join(written.missing)}（文中以【待补充】标出）。"
                      f"请用 rectiflow campaign set 补充后重新生成。", highlight=False)


def ledger_table(campaign: str = CAMPAIGN, output: Path = typer.Option(..., "-o", "--output", metavar="FILE.docx"),
                 as_of: str = AS_OF):
    """整改台账（Word 表格，横向 A4，每页重复表头）：各问题的整改措施、责任、时限、整改进展和完成情况。"""
    from models.reports.files import write_ledger_table

    count = write_ledger_table(ready_db(), campaign, day_or_today(as_of), _docx(output))
    console.print(f"已生成 {output}：{count} 个问题", highlight=False)


def closing_sheet(item_id: int = typer.Argument(..., metavar="ID", help="已销号的事项编号"),
                  output: Path = typer.Option(..., "-o", "--output", metavar="FILE.docx")):
    """对账销号单（Word）：问题、措施、完成情况、佐证材料及其 sha256、验收和销号的签署人与时间，各签署对应的审计记录哈希
    （先校验整个审计链）。"""
    from models.reports.files import write_closing_sheet

    sheet = write_closing_sheet(ready_db(), item_id, state.today(), _docx(output), state.settings.timezone)
    console.print(f"已生成 {output}：事项 #{sheet.item_id} 的对账销号单，{len(sheet.signatures)} 个签署，"
                  f"{len(sheet.evidence)} 份佐证材料；审计链 {sheet.chain_entries} 条记录校验通过。", highlight=False)


def _docx(output: Path) -> Path:
    if output.suffix.lower() != ".docx":
        raise InvalidInput(f"输出文件应为 .docx：{output}")
    return output


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
