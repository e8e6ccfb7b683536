"""`rectiflow approvals list|decide`."""
from pathlib import Path

import typer
from rich.table import Table

from models.domain.clock import utcnow
from models.domain.commands import DecisionCommand
from models.domain.deadlines import parse_day
from models.domain.waiting import waited
from rectiflow.cli.context import cli_via, console, emit_json, ready_db, state
from rectiflow.cli.work import print_outcome, stored_evidence

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_(pending: bool = typer.Option(False, "--pending", help="只看待审批的"),
          for_person: str = typer.Option(None, "--for", metavar="PERSON", help="只看等待此人审批的"),
          as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """列出审批申请（最早的在前），以及已等待多久。"""
    from models.queries.requests import list_requests

    rows = list_requests(ready_db(), pending_only=pending, for_person=for_person, today=state.today())
    if as_json:
        return emit_json(rows)
    now = utcnow()
    table = Table("申请", "事项", "申请事项", "状态", "申请人", "提出时间", "已等待", "审批要求", "已签署",
                  title=f"审批申请（{len(rows)} 件）")
    for row in rows:
        table.add_row(f"#{row.id}", f"#{row.item_id}（{row.item_number}）", row.action_label, row.status_label,
                      row.requested_by, state.local(row.requested_at),
                      waited(row.requested_at, now) if row.status == "pending" else "", row.policy, "；".join(row.decisions))
    console.print(table)


@app.command("decide")
def decide(request_id: int = typer.Argument(..., metavar="REQUEST"),
           decision: str = typer.Argument(..., metavar="approve|reject"),
           actor: str = typer.Option(..., "--as", metavar="PERSON", help="审批人姓名"),
           comment: str = typer.Option(None, "--comment", help="意见（退回时必填）"),
           on_behalf_of: str = typer.Option(None, "--for", metavar="PRINCIPAL", help="代签：代谁审批（须有有效授权）")):
    """审批：同意（approve）或退回（reject，须附理由）；代签时用 --for 指明委托人。"""
    from models.engine.operations import perform_decision

    if decision not in ("approve", "reject"):
        raise typer.BadParameter("应为 approve 或 reject", param_hint="approve|reject")
    outcome = perform_decision(ready_db(), DecisionCommand(request_id=request_id, decision=decision, actor=actor,
                                                           comment=comment, on_behalf_of=on_behalf_of), cli_via())
    if outcome.fired:
        console.print(f"审批申请 #{request_id} 已批准。", highlight=False)
        print_outcome(outcome.fired)
    elif outcome.status == "rejected":
        console.print(f"审批申请 #{request_id} 已退回，理由已通知申请人和责任单位。（{outcome.messages} 条消息待发送）",
                      highlight=False)
    else:
        console.print(f"已签署，审批申请 #{request_id} 仍待其他人审批。（{outcome.messages} 条消息待发送）", highlight=False)


@app.command("meeting")
def meeting(held_on: str = typer.Option(..., "--date", help="会议日期，如 2026-12-02"),
            chair: str = typer.Option(..., "--chair", metavar="PERSON", help="主持人"),
            attendees: list[str] = typer.Option([], "--attendee", metavar="PERSON", help="出席人员，可多次"),
            minutes: Path = typer.Option(None, "--minutes", metavar="FILE", help="会议纪要文件"),
            approve: list[int] = typer.Option([], "--approve", metavar="REQUEST", help="会议同意的审批申请，可多次"),
            reject: list[str] = typer.Option([], "--reject", metavar="REQUEST=理由", help="会议退回的申请及理由，可多次"),
            actor: str = typer.Option(..., "--as", metavar="PERSON", help="记录人（通常为整改办）")):
    """记录一次领导小组会议并逐项审议审批申请：出席人员中有权审批者的同意计入审批规则；任何一项不能通过则整次不记录。"""
    from models.domain.commands import MeetingCommand
    from models.domain.refs import ref_number
    from models.engine.operations import perform_meeting

    rejected = {}
    for entry in reject:
        request, sep, reason = entry.partition("=")
        number = ref_number(request)
        if not sep or number is None:
            raise typer.BadParameter(f"「{entry}」应写成 申请编号=理由", param_hint="--reject")
        rejected[number] = reason.strip()
    command = MeetingCommand(held_on=parse_day(held_on, "会议日期"), chair=chair, attendees=attendees,
                             minutes=stored_evidence([minutes])[0] if minutes else None, approve=approve,
                             reject=rejected, recorded_by=actor)
    outcome = perform_meeting(ready_db(), command, cli_via("meeting"))
    console.print(f"已记录领导小组会议 #{outcome.meeting_id}，审议 {len(outcome.decisions)} 件：", highlight=False)
    for decision in outcome.decisions:
        result = f"事项 #{decision.fired.item_id} {decision.fired.from_state.label} → {decision.fired.to_state.label}" \
            if decision.fired else {"rejected": "已退回", "pending": "仍待后续审批"}.get(decision.status, decision.status)
        console.print(f"  审批申请 #{decision.request_id}：{result}", highlight=False)


@app.command("delegate")
def delegate(principal: str = typer.Option(..., "--from", metavar="PERSON", help="委托人（领导小组成员等）"),
             deputy: str = typer.Option(..., "--to", metavar="PERSON", help="代签人"),
             starts: str = typer.Option(..., "--start", help="开始日期"),
             ends: str = typer.Option(..., "--end", help="结束日期（含）"),
             reason: str = typer.Option(None, "--reason", help="事由"),
             actor: str = typer.Option(..., "--as", metavar="PERSON", help="设置人：委托人本人或整改办")):
    """授权代签：在日期范围内由代签人代为审批（决定记录双方姓名；授权本身记入审计）。"""
    from models.domain.commands import DelegationCommand
    from models.engine.operations import perform_delegation

    perform_delegation(ready_db(), DelegationCommand(principal=principal, deputy=deputy,
                                                     starts=parse_day(starts, "开始日期"),
                                                     ends=parse_day(ends, "结束日期"), actor=actor,
                                                     reason=reason), cli_via())
    console.print(f"已授权{deputy}于 {starts} 至 {ends} 代{principal}审批。", highlight=False)


@app.command("revoke-delegation")
def revoke_delegation(delegation_id: int = typer.Argument(..., metavar="ID", help="代签授权编号（见门户“代签授权”）"),
                      reason: str = typer.Option(None, "--reason", help="事由"),
                      actor: str = typer.Option(..., "--as", metavar="PERSON", help="委托人本人或整改办人员")):
    """撤销代签授权：即日起代签人不能再代委托人签署（此前的签署仍有效；撤销记入审计并通知代签人）。"""
    from models.domain.commands import RevocationCommand
    from models.engine.operations import perform_revocation

    perform_revocation(ready_db(), RevocationCommand(delegation_id=delegation_id, actor=actor, reason=reason),
                       cli_via())
    console.print(f"已撤销代签授权 #{delegation_id}。", highlight=False)
