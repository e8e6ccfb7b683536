"""`rectiflow campaign replace|remove`: correcting a bad import before any work was done on it."""
import sys
from pathlib import Path

import typer

from models.domain.refusals import InvalidInput
from rectiflow.cli.context import console, operator, ready_db
from rectiflow.cli.ledger import COLUMN, IGNORE, column_options

app = typer.Typer(no_args_is_help=True)
YES = typer.Option(False, "--yes", help="不再询问，直接执行")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="campaign", help="整改任务：更正或撤回导入的台账")


def confirmed(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        raise InvalidInput(f"{question}——请加 --yes 确认后再执行（未写入任何内容）")
    return console.input(f"{question}输入「是」确认：").strip() == "是"


@app.command("replace")
def replace(campaign: str = typer.Argument(..., metavar="ID", help="整改任务编号或名称"),
            path: Path = typer.Argument(..., metavar="FILE", help="更正后的台账"),
            columns: list[str] = COLUMN, ignored: list[str] = IGNORE, yes: bool = YES):
    """用更正后的台账替换一次导入（仅限导入后尚未办理）：先列出每处变化，确认后执行并记入审计。
    未给 --column/--ignore-column 时，沿用该任务上次导入时的列设置。"""
    from models.ledger_files import read_ledger
    from models.ledger_files.corrections import replace_campaign, saved_options

    db_url = ready_db()
    options = column_options(columns, ignored) if columns or ignored else saved_options(db_url, campaign)
    doc = read_ledger(path, options)
    preview = replace_campaign(db_url, campaign, doc, operator(), apply=False)
    console.print(f"整改任务 #{preview.campaign_id}「{preview.title}」将有 {len(preview.changes)} 处变化：", highlight=False)
    for change in preview.changes:
        console.print(f"  序号 {change.number}：{change.what}", highlight=False)
    if not confirmed("确认替换？", yes):
        console.print("已取消，未写入任何内容。", highlight=False)
        return
    done = replace_campaign(db_url, campaign, doc, operator(), apply=True, options=options)
    console.print(f"已替换：{done.summary.aspects} 个方面，{done.summary.items} 个问题；已重新交办并告知整改办。",
                  highlight=False)


@app.command("remove")
def remove(campaign: str = typer.Argument(..., metavar="ID", help="整改任务编号或名称"), yes: bool = YES):
    """撤回一次导入（仅限导入后尚未办理）：确认后删除整改任务及其全部事项，记入审计并告知各牵头单位和整改办。"""
    from models.ledger_files.corrections import remove_campaign

    db_url = ready_db()
    if not confirmed(f"将删除整改任务「{campaign}」及其全部事项。", yes):
        console.print("已取消，未写入任何内容。", highlight=False)
        return
    done = remove_campaign(db_url, campaign, operator())
    console.print(f"已撤回整改任务 #{done.campaign_id}「{done.title}」，已告知各牵头单位和整改办。", highlight=False)
