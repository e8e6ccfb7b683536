"""`rectiflow approvals list|decide`."""
from datetime import datetime, timezone

import typer
from rich.table import Table

from models.commands import DecisionCommand
from models.database import reading
from models.directory import find_person
from models.operations import perform_decision
from models.queries import list_requests
from rectiflow.cli.context import console, emit_json, ready_db, state
from rectiflow.cli.work import print_outcome

app = typer.Typer(no_args_is_help=True)


def waited(since: datetime) -> str:
    delta = datetime.now(timezone.utc) - since
    days, hours = delta.days, delta.seconds // 3600
    return f"{days}天{hours}小时" if days else f"{hours}小时{delta.seconds % 3600 // 60}分"


@app.command("list")
def list_(pending: bool = typer.Option(False, "--pending", help="只看待审批的"),
          for_person: str = typer.Option(None, "--for", metavar="PERSON", help="只看等待此人审批的"),
          as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """列出审批申请（最早的在前），以及已等待多久。"""
    with reading(ready_db()) as session:
        person = find_person(session, for_person) if for_person else None
        rows = list_requests(session, pending_only=pending, for_person=person)
    if as_json:
        return emit_json(rows)
    table = Table("申请", "事项", "申请事项", "状态", "申请人", "提出时间", "已等待", "审批要求", "已签署",
                  title=f"审批申请（{len(rows)} 件）")
    for row in rows:
        table.add_row(f"#{row.id}", f"#{row.item_id}（{row.item_number}）", row.action_label, row.status_label,
                      row.requested_by, state.local(row.requested_at),
                      waited(row.requested_at) if row.status == "pending" else "", row.policy, "；".join(row.decisions))
    console.print(table)


@app.command("decide")
def decide(request_id: int = typer.Argument(..., metavar="REQUEST"),
           decision: str = typer.Argument(..., metavar="approve|reject"),
           actor: str = typer.Option(..., "--as", metavar="PERSON", help="审批人姓名"),
           comment: str = typer.Option(None, "--comment", help="意见（退回时必填）")):
    """审批：同意（approve）或退回（reject，须附理由）。"""
    if decision not in ("approve", "reject"):
        raise typer.BadParameter("应为 approve 或 reject", param_hint="approve|reject")
    outcome = perform_decision(ready_db(), DecisionCommand(request_id=request_id, decision=decision, actor=actor,
                                                           comment=comment))
    if outcome.fired:
        console.print(f"审批申请 #{request_id} 已批准。", highlight=False)
        print_outcome(outcome.fired)
    elif outcome.status == "rejected":
        console.print(f"审批申请 #{request_id} 已退回，理由已通知申请人和责任单位。（{outcome.messages} 条消息待发送）",
                      highlight=False)
    else:
        console.print(f"已签署，审批申请 #{request_id} 仍待其他人审批。（{outcome.messages} 条消息待发送）", highlight=False)
