"""`rectiflow audit verify|log`."""
import typer
from rich.table import Table

from models.domain.vocabulary import Action, State
from models.queries.audit_log import audit_log, verify_chain
from rectiflow.cli.context import console, emit_json, ready_db, state

app = typer.Typer(no_args_is_help=True)


@app.command("verify")
def verify():
    """校验审计链：发现被修改、删除或插入的记录时指出第一处断点。"""
    with console.status("正在校验审计链…"):
        report = verify_chain(ready_db())
    if report.ok:
        console.print(f"审计链完整：共 {report.checked} 条记录，逐条校验通过。", highlight=False)
        return
    console.print(f"[red]审计链断裂：[/red]{report.problem}（此前 {report.checked} 条完好）", highlight=False)
    raise typer.Exit(1)


def _label(enum, value):
    return enum(value).label if value else ""


@app.command("log")
def log(item_id: int = typer.Argument(None, metavar="[ID]", help="只看此事项"),
        limit: int = typer.Option(None, "--limit", help="只看最近 N 条"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """审计记录（全部，或一个事项的历史）。"""
    rows = audit_log(ready_db(), item_id, limit)
    if as_json:
        return emit_json(rows)
    table = Table("序号", "时间", "事件", "操作人", "事项", "操作", "状态变化", "理由/说明",
                  title=f"审计记录（{len(rows)} 条）" + (f"：事项 #{item_id}" if item_id else ""))
    for r in rows:
        change = f"{_label(State, r.from_state)} → {_label(State, r.to_state)}" if r.to_state else ""
        note = r.reason or r.data.get("meaning") or ""
        table.add_row(str(r.seq), state.local(r.at), r.kind, r.actor, f"#{r.item_id}" if r.item_id else "",
                      _label(Action, r.action), change, note)
    console.print(table)
