"""`rectiflow collect open|close|ingest|status|schedule` and `rectiflow serve`: weekly progress collection."""
from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import select

from models.tables.collection import ANSWER_LABELS
from models.store.database import reading, unit_of_work
from models.tables.ledger import Campaign
from rectiflow.cli.context import console, emit_json, ready_db, run_flow, share_db_with_flows, state

app = typer.Typer(no_args_is_help=True)
CAMPAIGN = typer.Option(None, "--campaign", help="整改任务名称或编号（默认：全部整改任务）")
WEEK = typer.Option(None, "--week", help="ISO 周次，如 2026-W48（默认：本周）")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="collect", help="每周报送整改进展：开启、汇总、收表")
    root.command("serve")(serve)


def campaigns(ref: str | None) -> list[str]:
    with reading(ready_db()) as session:
        if ref:
            from models.collection.rounds import find_campaign

            return [str(find_campaign(session, ref).id)]
        return [str(c) for c in session.scalars(select(Campaign.id).order_by(Campaign.id))]


@app.command("open")
def open_(campaign: str = CAMPAIGN, week: str = WEEK):
    """开启报送：向每个有未办结事项的单位发送预填报送表（重复运行不会重复发送）。"""
    for ref in campaigns(campaign):
        with console.status("正在开启报送（通过 Prefect）…"):
            report = run_flow("flows.collection.open_round_flow", ref, week)
        asked = "、".join(report.asked) or "无（均已发送过）"
        console.print(f"《{report.campaign}》{report.week}：本次发送报送表 {len(report.asked)} 个单位：{asked}", highlight=False)


@app.command("close")
def close(campaign: str = CAMPAIGN, week: str = WEEK):
    """截止汇总：收取投递文件夹中的报送表，催报未报送单位（并告知责任领导），发送周汇总。"""
    for ref in campaigns(campaign):
        with console.status("正在汇总（通过 Prefect）…"):
            report = run_flow("flows.collection.close_round_flow", ref, week)
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
           actor: str = typer.Option(None, "--as", metavar="PERSON", help="报送人（默认：该单位联络员）")):
    """收取一份填好的报送表：任何一行有误则整表不写入，并指出行和原因。"""
    from models.tables.base import utcnow
    from models.collection.ingest import ingest_form

    result = ingest_form(ready_db(), path, state.settings.evidence_dir, utcnow(), actor)
    submitted = f"，提请验收 {len(result.submitted)} 项（事项 {'、'.join(f'#{i}' for i in result.submitted)}）" \
        if result.submitted else ""
    console.print(f"已收取{result.unit} {result.week} 报送表：进展 {result.progress} 条{submitted}。", highlight=False)


@app.command("status")
def status(campaign: str = CAMPAIGN, week: str = WEEK, as_json: bool = typer.Option(False, "--json")):
    """查看报送轮次：各单位是否已发送、是否已报送、是否已催报。"""
    from models.tables.base import utcnow
    from models.collection.rounds import answers, find_campaign, get_round
    from models.domain.weeks import current_week
    from models.tables.collection import CollectionRound

    now = utcnow()
    rows = []
    with reading(ready_db()) as session:
        for ref in campaigns(campaign):
            found = find_campaign(session, ref)
            wanted = week or current_week(now, found.collect_timezone)
            round_ = session.scalars(select(CollectionRound).where(CollectionRound.campaign_id == found.id,
                                                                   CollectionRound.week == wanted)).one_or_none()
            if round_ is None:
                console.print(f"《{found.title}》{wanted} 尚未开启报送", highlight=False)
                continue
            answered = answers(session, get_round(session, round_.id), now)
            rows += [{"campaign": found.title, "week": wanted, "unit": u.unit.name, "items": len(u.item_ids),
                      "asked_at": u.asked_at, "status": answered[u.unit_id][0], "answered_at": answered[u.unit_id][1],
                      "chased_at": u.chased_at, "closed": round_.closed_at is not None} for u in round_.units]
    if as_json:
        return emit_json(rows)
    for title in dict.fromkeys((r["campaign"], r["week"]) for r in rows):
        table = Table("单位", "事项", "已发送", "报送情况", "报送时间", "已催报", title=f"《{title[0]}》{title[1]} 报送情况")
        for r in (r for r in rows if (r["campaign"], r["week"]) == title):
            table.add_row(r["unit"], str(r["items"]), state.local(r["asked_at"]) or "否", ANSWER_LABELS[r["status"]],
                          state.local(r["answered_at"]), state.local(r["chased_at"]))
        console.print(table)


@app.command("schedule")
def schedule(campaign: str = typer.Option(..., "--campaign", help="整改任务名称或编号"),
             open_cron: str = typer.Option(None, "--open", help="开启时间（cron），默认 0 9 * * 1 即周一9:00"),
             due_cron: str = typer.Option(None, "--due", help="截止时间（cron），默认 0 17 * * 4 即周四17:00"),
             timezone: str = typer.Option(None, "--tz", help="时区，默认 Asia/Shanghai")):
    """设置一个整改任务的每周报送时间（rectiflow serve 重启后生效）。"""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from models.collection.rounds import find_campaign
    from models.domain.weeks import check_cron
    from models.domain.refusals import InvalidInput

    with unit_of_work(ready_db()) as session:
        found = find_campaign(session, campaign)
        if open_cron:
            found.collect_open_cron = check_cron(open_cron)
        if due_cron:
            found.collect_due_cron = check_cron(due_cron)
        if timezone:
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise InvalidInput(f"未知时区「{timezone}」") from None
            found.collect_timezone = timezone
        console.print(f"《{found.title}》每周报送：开启 {found.collect_open_cron}，截止 {found.collect_due_cron}"
                      f"（{found.collect_timezone}）", highlight=False)


def serve():
    """在本机按计划运行本项目的 Prefect 部署：每周开启/截止报送（各整改任务自己的时间）、每分钟发送消息。"""
    from deploy.schedules import serve as serve_deployments

    ready_db()
    console.print("正在启动定时任务（Ctrl+C 停止）…", highlight=False)
    serve_deployments(share_db_with_flows())
