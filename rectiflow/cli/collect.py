"""`rectiflow collect open|close|ingest|status|schedule` and `rectiflow serve`: weekly progress collection."""
from pathlib import Path

import typer
from rich.table import Table

from models.domain.answers import ANSWER_LABELS
from rectiflow.cli.context import cli_via, console, emit_json, operator, ready_db, run_flow, share_db_with_flows, state

app = typer.Typer(no_args_is_help=True)
CAMPAIGN = typer.Option(None, "--campaign", help="整改任务名称或编号（默认：全部整改任务）")
WEEK = typer.Option(None, "--week", help="ISO 周次，如 2026-W48（默认：本周）")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="collect", help="每周报送整改进展：开启、汇总、收表")
    root.command("serve")(serve)


@app.command("open")
def open_(campaign: str = CAMPAIGN, week: str = WEEK):
    """开启报送：向每个有未办结事项的单位发送预填报送表（重复运行不会重复发送）。"""
    from models.queries.campaigns import campaign_ids

    for ref in campaign_ids(ready_db(), campaign):
        with console.status("正在开启报送（通过 Prefect）…"):
            report = run_flow("flows.collection.open_round_flow", ref, week)
        asked = "、".join(report.asked) or "无（均已发送过）"
        console.print(f"《{report.campaign}》{report.week}：本次发送报送表 {len(report.asked)} 个单位：{asked}", highlight=False)


@app.command("close")
def close(campaign: str = CAMPAIGN, week: str = WEEK,
          force: bool = typer.Option(False, "--force", help="截止时间未到也汇总（将催报所有尚未报送的单位）")):
    """截止汇总：收取投递文件夹中的报送表，催报未报送单位（并告知责任领导），发送周汇总。截止时间未到须加 --force。"""
    from models.queries.campaigns import campaign_ids

    for ref in campaign_ids(ready_db(), campaign):
        with console.status("正在汇总（通过 Prefect）…"):
            report = run_flow("flows.collection.close_round_flow", ref, week, None, force)
        console.print(f"《{report.campaign}》{report.week}：", highlight=False)
        for name, status in report.answered.items():
            chased = "，已催报" if name in report.chased else ""
            console.print(f"  {name}：{ANSWER_LABELS[status]}{chased}", highlight=False)
        if report.inbox.get("refused"):
            console.print(f"  [yellow]未通过的报送表：{'、'.join(report.inbox['refused'])}（原因见投递文件夹/未通过）[/yellow]",
                          highlight=False)
        console.print(f"  周汇总：{report.summary}", highlight=False)


@app.command("ingest")
def ingest(path: Path = typer.Argument(..., metavar="FILE", help="填好的报送表 .xlsx"),
           actor: str = typer.Option(None, "--as", metavar="PERSON",
                                     help="报送人（默认：报送表上填写的报送人；须为该单位联络员或负责人）")):
    """收取一份填好的报送表：任何一行有误则整表不写入，并指出行和原因。"""
    from models.collection.ingest import ingest_form
    from models.domain.clock import utcnow

    result = ingest_form(ready_db(), path, state.settings.evidence_dir, utcnow(), actor)
    submitted = f"，提请验收 {len(result.submitted)} 项（事项 {'、'.join(f'#{i}' for i in result.submitted)}）" \
        if result.submitted else ""
    console.print(f"已收取{result.unit} {result.week} 报送表：进展 {result.progress} 条{submitted}。", highlight=False)


@app.command("status")
def status(campaign: str = CAMPAIGN, week: str = WEEK, as_json: bool = typer.Option(False, "--json")):
    """查看报送轮次：各单位是否已发送、是否已报送、是否已催报。"""
    from models.domain.clock import utcnow
    from models.queries.round_answers import round_status

    rounds = round_status(ready_db(), campaign, week, utcnow())
    if as_json:
        return emit_json([unit for r in rounds for unit in r.units])
    for r in rounds:
        if not r.opened:
            console.print(f"《{r.campaign}》{r.week} 尚未开启报送", highlight=False)
            continue
        table = Table("单位", "事项", "已发送", "报送情况", "报送时间", "已催报", title=f"《{r.campaign}》{r.week} 报送情况")
        for u in r.units:
            table.add_row(u.unit, str(u.items), state.local(u.asked_at) or "否", ANSWER_LABELS[u.status],
                          state.local(u.answered_at), state.local(u.chased_at))
        console.print(table)


@app.command("schedule")
def schedule(campaign: str = typer.Option(..., "--campaign", help="整改任务名称或编号"),
             open_cron: str = typer.Option(None, "--open", help="开启时间（cron），默认 0 9 * * 1 即周一9:00"),
             due_cron: str = typer.Option(None, "--due", help="截止时间（cron），默认 0 17 * * 4 即周四17:00"),
             timezone: str = typer.Option(None, "--tz", help="时区，默认 Asia/Shanghai")):
    """设置一个整改任务的每周报送时间（记入审计并告知整改办；rectiflow serve 重启后生效）。"""
    from models.domain.commands import ScheduleCommand
    from models.engine.operations import perform_schedule

    outcome = perform_schedule(ready_db(), ScheduleCommand(campaign=campaign, actor=operator(), open_cron=open_cron,
                                                           due_cron=due_cron, timezone=timezone), cli_via())
    console.print(f"《{outcome.campaign}》每周报送：开启 {outcome.open_cron}，截止 {outcome.due_cron}"
                  f"（{outcome.timezone}）" + ("" if outcome.changed else "（未变化）"), highlight=False)


def serve():
    """在本机按计划运行本项目的 Prefect 部署：每周开启/截止报送（各整改任务自己的时间）、每分钟发送消息。"""
    from deploy.schedules import serve as serve_deployments

    ready_db()
    console.print("正在启动定时任务（Ctrl+C 停止）…", highlight=False)
    serve_deployments(share_db_with_flows())
