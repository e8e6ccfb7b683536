"""`rectiflow campaign replace|remove`: correcting a bad import before any work was done on it."""
import sys
from pathlib import Path

import typer

from models.domain.campaign_facts import SHORT_LABELS
from models.domain.chinese_dates import cn_date
from models.domain.refusals import InvalidInput
from rectiflow.cli.context import console, emit_json, operator, ready_db
from rectiflow.cli.facts import FEEDBACK, INSPECTED, INSPECTING, INSTRUCTION, PERIOD, facts_command, set_facts
from rectiflow.cli.ledger import COLUMN, IGNORE, column_options

app = typer.Typer(no_args_is_help=True)
YES = typer.Option(False, "--yes", help="不再询问，直接执行")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="campaign", help="整改任务：报告所需信息，更正或撤回导入的台账")


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


@app.command("set")
def set_(campaign: str = typer.Argument(..., metavar="ID", help="整改任务编号或名称"),
         inspecting: str = INSPECTING, inspected: str = INSPECTED, period: str = PERIOD, feedback: str = FEEDBACK,
         instruction: str = INSTRUCTION,
         source: str = typer.Option(None, "--source", help="问题来源：巡视/巡察/审计/督查/自查")):
    """设置整改进展情况报告所需的信息：谁对谁开展了检查、何时、何时反馈、依据哪份通知报告（记入审计）。
    写空字符串可清除一项。"""
    db_url = ready_db()
    command = facts_command(campaign, source=source, inspecting=inspecting, inspected=inspected, period=period,
                            feedback=feedback, instruction=instruction)
    if command is None:
        raise InvalidInput("请至少给出一项：--inspecting-body、--inspected-body、--inspection-period、--feedback-date、"
                           "--instruction 或 --source（查看现有信息：rectiflow campaign show ID）")
    outcome = set_facts(db_url, command)
    done = "已更新" if outcome.changed else "信息未变"
    still = f"；报告尚缺：{'、'.join(outcome.missing)}" if outcome.missing else "；报告所需信息已齐全"
    console.print(f"整改任务 #{outcome.campaign_id}「{outcome.title}」{done}{still}。", highlight=False)


@app.command("show")
def show(campaign: str = typer.Argument(None, metavar="[ID]", help="整改任务编号或名称（只有一个时可省略）"),
         as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """整改进展情况报告所需的信息，以及尚缺哪些。"""
    from models.queries.campaigns import campaign_facts

    view = campaign_facts(ready_db(), campaign)
    if as_json:
        return emit_json({**view.model_dump(mode="json"), "missing": [SHORT_LABELS[f] for f in view.facts.missing()]})
    facts = view.facts
    period = (f"{cn_date(facts.inspection_start)}至{cn_date(facts.inspection_end)}"
              if facts.inspection_start and facts.inspection_end else None)
    rows = [("问题来源", facts.source_type), ("检查主体", facts.inspecting_body), ("被检查单位", facts.inspected_body),
            ("检查时间", period), ("反馈时间", facts.feedback_date and cn_date(facts.feedback_date)),
            ("集中整改期至", view.period_end and cn_date(view.period_end)), ("报告依据的通知", facts.instruction)]
    console.print(f"整改任务 #{view.campaign_id}「{view.title}」", highlight=False)
    for label, value in rows:
        console.print(f"  {label}：{value or '（未填写）'}", highlight=False)
    missing = [SHORT_LABELS[f] for f in facts.missing()]
    console.print(f"报告尚缺：{'、'.join(missing)}" if missing else "报告所需信息已齐全。", highlight=False)
