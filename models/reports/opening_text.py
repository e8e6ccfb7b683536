"""The title and the opening paragraph, from the campaign's facts (seed 003: 据市委统一部署，…市委第一巡察组对
市退役军人事务局党组开展了巡察。…反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况报告如下。).
A fact nobody gave stands as 【待补充：…】: the report names it, never invents it."""
import re

from models.domain.campaign_facts import SHORT_LABELS, deploying_body, report_author, short_group
from models.domain.chinese_dates import cn_date
from models.reports.blocks import Block, Run, block, missing
from models.reports.forms import form_for
from models.reports.model import ProgressReport

_LEDGER_SUFFIX = re.compile(r"(?:(?:整改落实|落实整改|整改)(?:工作)?)?(?:问题)?(?:清单|台账)$")


def ledger_subject(title: str) -> str:
    """What a ledger's title reports on: 「区委第二巡察组反馈意见整改落实台账」 -> 区委第二巡察组反馈意见."""
    subject = _LEDGER_SUFFIX.sub("", title.strip()).strip()
    return subject or title.strip()


def report_title(report: ProgressReport) -> str:
    facts, form = report.facts, form_for(report.facts.source_type)
    author = report_author(facts.inspected_body) if facts.inspected_body else ""
    if facts.inspecting_body or facts.source_type == "自查":
        subject = form.title_subject.format(group=facts.inspecting_body or "")
    else:
        subject = f"{ledger_subject(report.campaign)}整改进展情况"
    return f"{author}关于{subject}的报告"


def subject_of_report(source_type: str) -> str:
    """What 「现将……报告如下」 reports: 巡察整改进展情况 / 审计发现问题整改情况 …"""
    return {"审计": "审计发现问题整改情况", "督查": "督查反馈问题整改情况", "自查": "自查问题整改情况"}.get(
        source_type, f"{source_type}整改进展情况")


def opening(report: ProgressReport) -> Block:
    facts, form = report.facts, form_for(report.facts.source_type)
    given = {"inspecting_body": facts.inspecting_body, "inspected_body": facts.inspected_body,
             "feedback_date": cn_date(facts.feedback_date) if facts.feedback_date else None,
             "inspection_period": f"{cn_date(facts.inspection_start)}至{cn_date(facts.inspection_end)}"
             if facts.inspection_start and facts.inspection_end else None}

    def fact(name: str) -> Run:
        return Run(given[name]) if given[name] else missing(SHORT_LABELS[name])

    basis = f"按照{facts.instruction}要求" if facts.instruction else f"按照{form.work}有关要求"
    closing = Run(f"{basis}，现将截至{cn_date(report.as_of)}的{subject_of_report(facts.source_type)}报告如下。")
    if facts.source_type == "自查":
        return block("body", fact("inspected_body"), Run(f"{form.acted}，"), closing)
    deployer = deploying_body(facts.inspecting_body)
    second = Run(short_group(facts.inspecting_body)) if facts.inspecting_body else missing(
        SHORT_LABELS["inspecting_body"])
    return block("body", Run(f"据{deployer}统一部署，") if deployer else "", fact("inspection_period"), "，",
                 fact("inspecting_body"), "对", fact("inspected_body"), Run(f"{form.acted}。"),
                 fact("feedback_date"), "，", second, "向", fact("inspected_body"), Run(f"{form.fed_back}。"), closing)
