"""`rectiflow calendar import|list`: the official holiday calendar for years chinesecalendar does not know yet."""
from pathlib import Path

import typer
from rich.table import Table

from rectiflow.cli.context import console, emit_json, operator, ready_db, state

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="calendar", help="工作日历：导入国务院办公厅的节假日安排")


@app.command("import")
def import_(path: Path = typer.Argument(..., metavar="FILE.yaml", help="按通知整理的节假日安排（格式见 README「工作日历」）")):
    """导入某年的放假和调休安排：此后该年的催办、红黄绿灯和时限计算按此执行（重复导入同一年则替换）。"""
    from models.domain.holiday_notice import read_holiday_notice
    from models.domain.refusals import InvalidInput
    from models.engine.holidays import perform_holiday_import
    from models.files.structured import load_structured

    notice = read_holiday_notice(load_structured(path, InvalidInput), path.name)
    replaced = perform_holiday_import(ready_db(), notice, operator(), path.name)
    days = "、".join(f"{d.month}月{d.day}日" for d in notice.workdays) or "无"
    console.print(f"已{'替换' if replaced else '导入'} {notice.year} 年节假日安排：放假 {len(notice.holidays)} 天，"
                  f"调休上班 {len(notice.workdays)} 天（{days}）。", highlight=False)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """今年、明年及已导入各年的工作日历来源。"""
    from models.queries.calendar import calendar_years

    this_year = state.today().year
    years = calendar_years(ready_db(), [this_year, this_year + 1])
    if as_json:
        return emit_json(years)
    table = Table("年份", "工作日历来源", "放假天数", "调休上班", title="工作日历")
    for y in years:
        table.add_row(str(y.year), y.source_label if y.source else f"[red]{y.source_label}[/red]",
                      "" if y.holidays is None else str(y.holidays), "、".join(str(d) for d in y.workdays))
    console.print(table)
    for y in years:
        if y.source is None:
            console.print(f"[yellow]{y.year} 年：请运行 rectiflow calendar import {y.year}.yaml（格式见 README「工作日历」）[/yellow]",
                          highlight=False)
