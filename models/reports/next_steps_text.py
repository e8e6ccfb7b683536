"""Section 三: the next steps, drafted from what is still open — long-term problems and their next stage targets,
problems being rectified and their deadlines, problems awaiting closing, the 回头看 ahead — and marked as a
draft: the office reads and edits it before the report goes upward."""
from datetime import date

from models.domain.chinese_dates import cn_date
from models.domain.vocabulary import State
from models.reports.blocks import Block, Run, block, draft
from models.reports.forms import form_for
from models.reports.model import ProgressReport, ReportItem
from models.reports.responsibility_text import body_name
from models.reports.tasks_text import aspect_groups
from models.reports.wording import bare, cn_ordinal, deadline_words


def next_steps_section(report: ProgressReport) -> list[Block]:
    facts = report.facts
    items = [item for aspect in report.aspects for item in aspect.items]
    heading = {i.item_id: g.heading for aspect in report.aspects for g in aspect_groups(aspect) for i in g.items}
    by_state = {state: [i for i in items if i.state == state.value] for state in State}
    steps = [("持续推进长期整改。", _long_term(by_state[State.long_term], heading, report.as_of)),
             ("按期完成剩余整改任务。", _open(by_state[State.in_progress] + by_state[State.assigned], heading)),
             ("抓紧完成对账销号。", _verified(by_state[State.verified])),
             ("扎实开展“回头看”。", _follow_ups(report)),
             ("巩固深化整改成果。", "" if not by_state[State.closed] else f"对已经整改完成的问题，继续盯住不放，坚持举一反三，建立健全长效机制，推动{facts.source_type}"
                                   "整改成果转化为管理治理效能。")]
    shown = [(title, text) for title, text in steps if text]
    return [block("heading1", form_for(facts.source_type).next_steps),
            block("body", draft(f"{body_name(report)}将坚持以习近平新时代中国特色社会主义思想为指导，以钉钉子精神持续抓好"
                                f"{facts.source_type}整改落实，确保问题整改见底、长效机制建立。"))] + [
        block("body", Run(f"（{cn_ordinal(n)}）{title}", "lead", draft=True), draft(text))
        for n, (title, text) in enumerate(shown, 1)]


def _long_term(items: list[ReportItem], heading: dict[int, str], day: date) -> str:
    parts = []
    for item in items:
        ahead = [t for t in item.stage_targets if t.due is None or t.due > day]
        target = f"，下一阶段目标为{bare(ahead[0].text)}" + (f"（{cn_date(ahead[0].due)}前）" if ahead[0].due else "") \
            if ahead else ""
        parts.append(f"{heading[item.item_id]}{target}")
    return f"对{len(items)}个需长期整改的问题，紧盯阶段目标，持续用力推进：" + "；".join(parts) + "。" if items else ""


def _open(items: list[ReportItem], heading: dict[int, str]) -> str:
    """Each heading once, with its deadlines as the ledger words them (a feedback problem's concrete problems
    share a heading)."""
    if not items:
        return ""
    deadlines: dict[str, list[str]] = {}
    for item in items:
        words = deadline_words(item.deadline, item.deadline_text)
        listed = deadlines.setdefault(heading[item.item_id], [])
        if words and words not in listed:
            listed.append(words)
    parts = [f"{title}（{'、'.join(words)}）" if words else title for title, words in deadlines.items()]
    return f"对正在整改的{len(items)}个问题，逐项对照整改时限加快推进，确保按期整改到位：" + "；".join(parts) + "。"


def _verified(items: list[ReportItem]) -> str:
    return f"对已通过检查验收的{len(items)}个问题，抓紧提请领导小组审签，完成对账销号。" if items else ""


def _follow_ups(report: ProgressReport) -> str:
    due = report.follow_ups
    if not due.items:
        return ""
    months = "、".join(f"{m}个月" for m in due.months)
    return (f"对已完成整改的{due.items}个问题，按照销号后{months}开展“回头看”，自{cn_date(due.first_due)}起陆续"
            "组织，坚决防止问题反弹回潮。")
