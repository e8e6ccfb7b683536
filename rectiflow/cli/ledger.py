"""`rectiflow import FILE`: load a ledger (.xlsx / .yaml / .json), all or nothing; `--check` reads it whole and
writes nothing."""
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from models.domain.commands import CampaignFactsCommand
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import State
from rectiflow.cli.context import console, emit_json, operator, ready_db, run_flow
from rectiflow.cli.facts import (
    FEEDBACK,
    INSPECTED,
    INSPECTING,
    INSTRUCTION,
    PERIOD,
    ask_missing_facts,
    fact_options,
    set_facts,
)

if TYPE_CHECKING:
    from models.ledger_files.columns import ColumnOptions
    from models.ledger_files.load import ImportSummary

COLUMN = typer.Option([], "--column", metavar="表头=字段",
                      help="指明一列的含义，如 --column 责任科室=lead_unit（字段也可写中文名，如 牵头单位），可多次")
IGNORE = typer.Option([], "--ignore-column", metavar="表头", help="明确忽略一列，如 --ignore-column 备注2，可多次")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)


def column_options(columns: list[str], ignored: list[str]) -> "ColumnOptions":
    from models.ledger_files.columns import ColumnOptions, field_of

    mapping = {}
    for entry in columns:
        header, sep, name = entry.partition("=")
        field = field_of(name) if sep else None
        if not header.strip() or field is None:
            raise InvalidInput(f"--column「{entry}」应写成 表头=字段，如 责任科室=lead_unit 或 责任科室=牵头单位")
        mapping["".join(header.split())] = field
    return ColumnOptions(columns=mapping, ignore=["".join(h.split()) for h in ignored])


def import_(path: Path = typer.Argument(..., metavar="FILE", help=".xlsx / .yaml / .json 台账"),
            campaign: str = typer.Option(None, "--campaign", metavar="TITLE", help="整改任务名称（默认取台账标题行）"),
            source: str = typer.Option(None, "--source", help="问题来源：巡视/巡察/审计/督查/自查（默认由标题判断）"),
            check: bool = typer.Option(False, "--check", help="只检查：列出每一列的读法、每个问题、跳过的行和所有错误，不写入"),
            columns: list[str] = COLUMN, ignored: list[str] = IGNORE,
            direct: bool = typer.Option(False, "--direct", help="不经 Prefect，直接导入"),
            as_json: bool = typer.Option(False, "--json", help="以 JSON 输出结果"),
            inspecting: str = INSPECTING, inspected: str = INSPECTED, period: str = PERIOD, feedback: str = FEEDBACK,
            instruction: str = INSTRUCTION):
    """导入整改台账：每一列、每一行都有交代；任何一处有误则全部不写入，并列出每个错误的行和列。
    报告所需的信息（检查主体、被检查单位、检查时间等）可一并给出，未给出的在终端中逐项询问。"""
    if not path.is_file():
        raise InvalidInput(f"找不到台账文件：{path}")
    facts = fact_options(inspecting=inspecting, inspected=inspected, period=period, feedback=feedback,
                         instruction=instruction)  # a fact written wrongly is refused before anything is imported
    options = column_options(columns, ignored)
    db_url = ready_db()
    if check or direct:
        from models.ledger_files import read_ledger

        with console.status("正在读取和校验台账…"):
            doc = read_ledger(path, options)
    if check:
        from models.ledger_files.check import check_ledger

        summary = check_ledger(db_url, doc, campaign, source, options)
    elif direct:
        from models.ledger_files.load import import_ledger_doc

        with console.status(f"正在写入 {len(doc.items)} 项问题…"):
            summary = import_ledger_doc(db_url, doc, campaign, source, operator(), options)
    else:
        with console.status("正在导入台账（导入流程；配置了 Prefect 服务器时在其界面中可查）…"):
            summary = run_flow("flows.import_ledger.import_ledger_flow", str(path.resolve()), campaign, source,
                               operator(), options)
    if facts and not check:
        set_facts(db_url, CampaignFactsCommand(campaign=str(summary.campaign_id), actor=operator(), **facts))
    if as_json:
        return emit_json(summary)
    if check:
        _print_items(doc)
    _print_summary(summary, check)
    if not check:
        ask_missing_facts(db_url, str(summary.campaign_id))


def _print_summary(summary: "ImportSummary", check: bool) -> None:
    say = lambda text: console.print(text, highlight=False)  # noqa: E731
    if summary.already_imported:
        return say(f"台账「{summary.title}」已导入过（整改任务 #{summary.campaign_id}），内容相同，未重复写入。")
    states = "，".join(f"{State(k).label} {v} 项" for k, v in summary.states.items())
    done = "检查通过，可以导入（未写入任何内容）" if check else f"已导入（整改任务 #{summary.campaign_id}）"
    say(f"「{summary.title}」{done}：{summary.aspects} 个方面，{summary.items} 个问题（{states}）。")
    if summary.columns:
        say("列的读法：" + "；".join(f"「{c.header}」→ {c.field or '忽略'}（{c.how}）" for c in summary.columns))
    for row in summary.skipped:
        say(f"已跳过第{row.row}行（{row.why}）：{row.text}")
    for name, units in summary.collectives.items():
        say(f"「{name}」按组织目录指：{'、'.join(units)}")
    for name, row in summary.kept_as_written.items():
        say(f"配合单位「{name}」（第{row}行起）是统称，组织目录中没有对应的单位：按原文保留在事项上，不向其发送表单")
    if summary.event_deadlines:
        say(f"整改时限为事件、请整改办确定具体日期的问题（序号）：{'、'.join(summary.event_deadlines)}")
    if summary.amounts:
        say("金额合计：" + "，".join(f"{label} {total:g} 万元" for label, total in summary.amounts.items()))
    if summary.amount_unit_note:
        say(summary.amount_unit_note)
    lists = (("新建单位", summary.units_created), ("新建责任领导（请在组织目录中补充其通知地址）", summary.people_created),
             ("已授予责任领导角色（领导小组成员）", summary.leaders_granted))
    for label, names in lists:
        if names:
            say(f"{label}：{'、'.join(names)}")


def _print_items(doc) -> None:
    table = Table("序号", "方面", "问题", "牵头单位", "整改时限", "完成情况", title=f"读到的问题（{len(doc.items)} 项）")
    for item in doc.items:
        text = (f"{item.parent} › " if item.parent else "") + item.text
        table.add_row(item.number, item.aspect, text[:60], item.lead_unit, item.deadline_text or "",
                      State(item.initial_state).label if item.initial_state else "")
    console.print(table)
    per_aspect = Counter(item.aspect for item in doc.items)
    console.print("各方面问题数：" + "；".join(f"{aspect} {n} 项" for aspect, n in per_aspect.items()), highlight=False)
