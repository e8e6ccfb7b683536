"""`rectiflow remind` and `rectiflow followup confirm`: the daily reminders and 回头看."""
from datetime import date

import typer
from rich.table import Table

from models.domain.clock import utcnow
from models.domain.deadlines import parse_day
from rectiflow.cli.context import cli_via, console, emit_json, ready_db, state

followup_app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.command("remind")(remind)
    root.add_typer(followup_app, name="followup", help="回头看：确认已销号问题未反弹")


def remind(day: str = typer.Option(None, "--date", help="按哪一天计算（默认今天），如 2026-11-23"),
           dry_run: bool = typer.Option(False, "--dry-run", help="只显示将发送什么、发给谁，不写入任何内容"),
           as_json: bool = typer.Option(False, "--json", help="以 JSON 输出（与 --dry-run 一起）")):
    """每日催办：即将到期、已超期（逐级升级）、审批催办、长期整改阶段目标、回头看；每人每天一条汇总消息，不重复发送。"""
    from models.domain.working_days import is_working_day
    from models.reminders.send import preview, send_on_working_day

    chosen = parse_day(day, "日期") if day else state.today()
    db_url = ready_db()
    if dry_run:
        deliveries = preview(db_url, chosen)
        if as_json:
            return emit_json(deliveries)
        _print_preview(chosen, deliveries, is_working_day(chosen))
        return
    settings = state.settings
    run = send_on_working_day(db_url, chosen, utcnow(), settings.timezone, (settings.quiet_start, settings.quiet_end))
    if not run.working_day:
        console.print(f"{chosen} 不是工作日（按国家法定节假日和调休），不发送催办。", highlight=False)
        return
    console.print(f"{chosen}：已生成 {run.reminders} 项催办提醒（按收件人合并，运行 rectiflow notify dispatch 发送）。",
                  highlight=False)
    if run.unknown_years:
        from models.domain.working_days import CalendarUnknown

        raise CalendarUnknown(run.unknown_years[0])  # the held-back reminders: what to do, and exit 1


def _print_preview(day: date, deliveries, working: bool) -> None:
    if not working:
        console.print(f"注意：{day} 不是工作日，定时运行时不会发送。", highlight=False)
    table = Table("收件人", "类型", "事项", "说明", title=f"{day} 将发送的催办（{len(deliveries)} 人）")
    for delivery in deliveries:
        for r in delivery.reminders:
            table.add_row(delivery.recipient, r["kind"], f"#{r['item_id']}（{r['number']}）", r["detail"])
    console.print(table)


@followup_app.command("confirm")
def confirm(item_id: int = typer.Argument(..., metavar="ID"),
            actor: str = typer.Option(..., "--as", metavar="PERSON", help="牵头单位联络员、负责人或整改办"),
            months: int = typer.Option(3, "--months", help="第几个月的回头看（3 或 6）"),
            note: str = typer.Option(None, "--note", help="核查说明")):
    """确认已销号事项的问题未反弹（回头看）；如已反弹，请用 rectiflow act ID reopen 申请重新整改。"""
    from models.domain.commands import FollowupCommand
    from models.engine.operations import perform_followup

    perform_followup(ready_db(), FollowupCommand(item_id=item_id, actor=actor, months=months, note=note), cli_via())
    console.print(f"已确认事项 #{item_id} 销号 {months} 个月后问题未反弹。", highlight=False)
