"""`rectiflow import FILE`: load a ledger (.xlsx / .yaml / .json), all or nothing."""
from pathlib import Path

import typer

from models.domain.refusals import InvalidInput
from models.domain.vocabulary import State
from models.ledger_files.load import ImportSummary
from rectiflow.cli.context import console, emit_json, operator, ready_db, run_flow


def register(app: typer.Typer) -> None:
    app.command("import")(import_)


def run_import(path: Path, campaign: str | None, source: str | None, direct: bool) -> ImportSummary:
    db_url = ready_db()
    if direct:
        from models.ledger_files import read_ledger
        from models.ledger_files.load import import_ledger_doc

        with console.status("正在读取和校验台账…"):
            doc = read_ledger(path)
        with console.status(f"正在写入 {len(doc.items)} 项问题…"):
            return import_ledger_doc(db_url, doc, campaign, source, operator())
    with console.status("正在通过 Prefect 导入（首次启动 Prefect 约需 10–30 秒）…"):
        return run_flow("flows.import_ledger.import_ledger_flow", str(path.resolve()), campaign, source, operator())


def import_(path: Path = typer.Argument(..., metavar="FILE", help=".xlsx / .yaml / .json 台账"),
            campaign: str = typer.Option(None, "--campaign", metavar="TITLE", help="整改任务名称（默认取台账标题行）"),
            source: str = typer.Option(None, "--source", help="问题来源：巡视/巡察/审计/督查/自查（默认由标题判断）"),
            direct: bool = typer.Option(False, "--direct", help="不经 Prefect，直接导入"),
            as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果")):
    """导入整改台账：任何一行有误则全部不写入，并列出每个错误的行和列。"""
    if not path.is_file():
        raise InvalidInput(f"找不到台账文件：{path}")
    summary = run_import(path, campaign, source, direct)
    if as_json:
        return emit_json(summary)
    if summary.already_imported:
        console.print(f"台账「{summary.title}」已导入过（整改任务 #{summary.campaign_id}），内容相同，未重复写入。",
                      highlight=False)
        return
    states = "，".join(f"{State(k).label} {v} 项" for k, v in summary.states.items())
    console.print(f"已导入「{summary.title}」（整改任务 #{summary.campaign_id}）：{summary.aspects} 个方面，"
                  f"{summary.items} 个问题（{states}）。", highlight=False)
    if summary.units_created:
        console.print(f"新建单位：{'、'.join(summary.units_created)}", highlight=False)
    if summary.people_created:
        console.print(f"新建责任领导：{'、'.join(summary.people_created)}（请在组织目录中补充其通知地址）", highlight=False)
    if summary.leaders_granted:
        console.print(f"已授予责任领导角色（领导小组成员）：{'、'.join(summary.leaders_granted)}", highlight=False)
