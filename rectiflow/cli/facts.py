"""The campaign facts a progress report needs, as options of `campaign set` and `import`, and asked for after an
import when someone is at the terminal. What nobody gives stays missing and is named when the report is made."""
import sys

import typer

from models.domain.campaign_facts import FACT_LABELS, FIELD_LABELS, SHORT_LABELS, parse_period
from models.domain.commands import CampaignFactsCommand, CampaignFactsOutcome
from models.domain.deadlines import parse_day
from models.domain.refusals import Refused
from rectiflow.cli.context import console, operator

INSPECTING = typer.Option(None, "--inspecting-body", metavar="TEXT", help="检查主体，如 市委第一巡察组、市审计局")
INSPECTED = typer.Option(None, "--inspected-body", metavar="TEXT", help="被检查单位（报告单位），如 市退役军人事务局党组")
PERIOD = typer.Option(None, "--inspection-period", metavar="开始至结束", help="检查时间，如 2026-09-14至2026-09-22")
FEEDBACK = typer.Option(None, "--feedback-date", metavar="DATE", help="反馈时间，如 2026-10-26")
INSTRUCTION = typer.Option(None, "--instruction", metavar="TEXT",
                           help="报告依据的通知，如 市委巡察办《关于报送巡察整改进展情况的通知》")
OPTION_OF = {"inspecting_body": "--inspecting-body", "inspected_body": "--inspected-body",
             "inspection_period": "--inspection-period", "feedback_date": "--feedback-date",
             "instruction": "--instruction"}


def fact_options(*, source: str | None = None, inspecting: str | None = None, inspected: str | None = None,
                 period: str | None = None, feedback: str | None = None, instruction: str | None = None) -> dict:
    """The facts given on the command line, read (a period or a date written wrongly is refused here); {} when
    none was given. "" clears a fact."""
    if all(v is None for v in (source, inspecting, inspected, period, feedback, instruction)):
        return {}
    start, end = parse_period(period) if period else (None, None)
    return dict(source_type=source, inspecting_body=inspecting, inspected_body=inspected, inspection_start=start,
                inspection_end=end, clear_inspection_period=period == "",
                feedback_date=parse_day(feedback, "反馈时间") if feedback else None, instruction=instruction)


def facts_command(campaign: str, **given) -> CampaignFactsCommand | None:
    """The facts given on the command line as one command for `campaign`; None when none was given."""
    facts = fact_options(**given)
    return CampaignFactsCommand(campaign=campaign, actor=operator(), **facts) if facts else None


def set_facts(db_url: str, command: CampaignFactsCommand) -> CampaignFactsOutcome:
    from models.engine.operations import perform_campaign_facts

    outcome = perform_campaign_facts(db_url, command)
    for field, (before, after) in outcome.changed.items():
        console.print(f"  {FIELD_LABELS[field]}：{before or '（空）'} → {after or '（空）'}", highlight=False)
    return outcome


def ask_missing_facts(db_url: str, campaign: str) -> None:
    """After an import: ask for each fact the report needs (at a terminal), or say which are missing and how to
    give them. Nothing typed, nothing set."""
    from models.queries.campaigns import campaign_facts

    view = campaign_facts(db_url, campaign)
    missing = view.facts.missing() + view.facts.missing_optional()
    if not missing:
        return
    if not sys.stdin.isatty():
        needed = "、".join(SHORT_LABELS[f] for f in view.facts.missing())
        if needed:
            options = " ".join(f"{OPTION_OF[f]} …" for f in view.facts.missing())
            console.print(f"整改进展情况报告还需要：{needed}。请用 rectiflow campaign set {view.campaign_id} {options} "
                          f"补充（生成报告时会列出尚缺的信息）。", highlight=False)
        return
    console.print("整改进展情况报告需要以下信息（直接回车可跳过，之后可用 rectiflow campaign set 补充）：", highlight=False)
    answers = {field: console.input(f"  {FACT_LABELS[field]}：").strip() or None for field in missing}
    try:
        command = facts_command(str(view.campaign_id), inspecting=answers.get("inspecting_body"),
                                inspected=answers.get("inspected_body"), period=answers.get("inspection_period"),
                                feedback=answers.get("feedback_date"), instruction=answers.get("instruction"))
        if command:
            set_facts(db_url, command)
    except Refused as refusal:  # the ledger is imported all the same: the facts can be given again later
        console.print(f"[yellow]未设置：[/yellow]{refusal}。可用 rectiflow campaign set {view.campaign_id} 补充。",
                      highlight=False)
