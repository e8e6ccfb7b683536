"""`rectiflow notify dispatch|list|retry`."""
import typer
from rich.table import Table

from rectiflow.cli.context import console, emit_json, ready_db, run_flow, state

app = typer.Typer(no_args_is_help=True)


@app.command("dispatch")
def dispatch(direct: bool = typer.Option(False, "--direct", help="不经 Prefect，直接发送")):
    """发送所有到期的待发消息（失败的按退避时间重试）。"""
    db_url = ready_db()
    if direct:
        from dataclasses import replace

        from notifications.config import dispatch_config
        from notifications.dispatcher import dispatch_due

        config = replace(dispatch_config(state.settings), db_url=db_url)
        with console.status("正在发送消息…") as status:
            report = dispatch_due(config, on_batch=lambda n, r: status.update(f"正在发送消息…（本批 {n} 条）"))
    else:
        with console.status("正在通过 Prefect 发送消息…"):
            report = run_flow("flows.dispatch_outbox.dispatch_outbox_flow")
    console.print(f"已发送 {report.sent} 条，失败待重试 {report.failed} 条，放弃 {report.given_up} 条。", highlight=False)
    for error in report.errors[:20]:
        console.print(f"  [yellow]{error}[/yellow]", highlight=False)


@app.command("list")
def list_(failed: bool = typer.Option(False, "--failed", help="只看失败的"),
          limit: int = typer.Option(200, "--limit"), as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """列出消息及其发送状态（最新的在前）。"""
    from models.queries.messages import list_messages

    rows = list_messages(ready_db(), failed, limit)
    if as_json:
        return emit_json(rows)
    table = Table("#", "事件", "收件人", "渠道", "状态", "次数", "最近错误", "创建时间", title=f"消息（{len(rows)} 条）")
    for r in rows:
        table.add_row(str(r.id), r.event, r.recipient, r.channel, r.status_label, str(r.attempts),
                      r.last_error or "", state.local(r.created_at))
    console.print(table)


@app.command("retry")
def retry(ids: list[int] = typer.Argument(None, metavar="[ID]...", help="默认：全部已放弃的消息")):
    """把已放弃（或指定的失败）消息重新放回发送队列。"""
    from notifications.outbox_store import retry as requeue

    count = requeue(ready_db(), ids or None)
    console.print(f"已重新排队 {count} 条消息；运行 rectiflow notify dispatch 发送。", highlight=False)
