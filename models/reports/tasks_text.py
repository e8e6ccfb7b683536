"""Section 二: each aspect （一）（二）…, and under it each problem as seed 003 writes it — a short heading, then
一是…二是… of the work done, in the past tense, with no dates or file names (the evidence goes to the annex).
A nested ledger's feedback problem is one heading, its concrete problems its 一是…二是…. Long-term problems add
their stage targets, extended ones the reason and the new deadline, open ones where they stand; an audit
leads each aspect and problem with its money."""
import re
from dataclasses import dataclass

from models.domain.chinese_dates import cn_date
from models.domain.vocabulary import State
from models.reports.blocks import Block, Run, block
from models.reports.forms import form_for
from models.reports.model import ProgressReport, ReportAspect, ReportItem
from models.reports.wording import (
    bare,
    cn_ordinal,
    deadline_words,
    enumerated,
    problem_heading,
    sentence,
    without_file_names,
)

_COUNT_IN_TITLE = re.compile(r"\s*[（(]\s*\d+\s*[项个条]\s*[）)]\s*$")


@dataclass(frozen=True)
class Group:
    """One numbered problem of the report: a feedback problem with its concrete problems, or a problem alone."""

    heading: str
    items: list[ReportItem]


def aspect_heading(position: int, title: str) -> str:
    """（一）关于……方面 — without a count the ledger wrote after it (「财政管理方面（6项）」)."""
    return f"（{cn_ordinal(position)}）{_COUNT_IN_TITLE.sub('', title.strip())}"


def groups(items: list[ReportItem]) -> list[Group]:
    found: list[Group] = []
    for item in items:
        if item.parent and found and found[-1].items[-1].parent == item.parent:
            found[-1].items.append(item)
        else:
            found.append(Group("", [item]))
    return [Group(_group_heading(g.items), g.items) for g in found]


def aspect_groups(aspect: ReportAspect) -> list[Group]:
    """The aspect's numbered problems, worked out once per report: three sections number them alike."""
    if aspect._groups is None:
        aspect._groups = groups(aspect.items)
    return aspect._groups


def _group_heading(items: list[ReportItem]) -> str:
    first = items[0]
    targets = {tuple(i.targets) for i in items}
    shared = list(targets.pop()) if len(targets) == 1 else []
    return problem_heading(first.parent or first.text, shared)


def tasks_section(report: ProgressReport) -> list[Block]:
    form = form_for(report.facts.source_type)
    blocks = [block("heading1", form.tasks)]
    for n, aspect in enumerate(sorted(report.aspects, key=lambda a: a.position), 1):
        blocks.append(block("heading2", aspect_heading(n, aspect.title)))
        if form.leads_with_amounts:
            blocks.append(block("body", aspect_totals(aspect)))
        for number, group in enumerate(aspect_groups(aspect), 1):
            blocks.append(block("body", Run(f"{number}.{sentence(group.heading)}", "strong"),
                                group_text(group, form.leads_with_amounts)))
    return blocks


def group_text(group: Group, money: bool) -> str:
    if len(group.items) == 1:
        return item_text(group.items[0], money, enumerate_work=True)
    return "".join(f"{cn_ordinal(n)}是{item_text(item, money, enumerate_work=False)}"
                   for n, item in enumerate(group.items, 1))


def item_text(item: ReportItem, money: bool, enumerate_work: bool) -> str:
    """What one problem's paragraph (or its 一是 part) says."""
    said = [_money(item)] if money else []
    if item.work:
        said.append(enumerated(item.work) if enumerate_work else "".join(sentence(bare(w)) for w in item.work))
    elif not enumerate_work:
        said.append(sentence(bare(item.text)))  # a concrete problem with nothing done yet is named, then its state
    said += _state(item)
    said += [f"因{bare(e.reason)}，经领导小组同意，整改时限延长至{cn_date(e.new_deadline)}。"
             for e in item.extensions if e.reason and e.new_deadline]
    return "".join(s for s in said if s)


def _state(item: ReportItem) -> list[str]:
    state = State(item.state)
    if state is State.long_term:
        targets = "；".join(f"{'到' + cn_date(t.due) + '，' if t.due else ''}{bare(t.text)}" for t in item.stage_targets)
        return [f"该问题需长期整改，已明确阶段目标：{targets}。" if targets else "该问题需长期整改。",
                "目前阶段性任务正有序推进。" if item.progress_in_period else ""]
    if state is State.verified:
        return ["目前已通过检查验收，正在履行对账销号程序。"]
    if state in (State.in_progress, State.assigned):
        deadline = deadline_words(item.deadline, item.deadline_text)
        when = f"（整改时限：{deadline}）" if deadline else ""
        if item.current:
            return [f"目前，{sentence(without_file_names(bare(item.current)))}"]
        if not item.work:
            return [f"正在按整改措施推进{when}。"]
        if item.open_measures:
            return [f"其余整改措施正在推进{when}。"]
    return []


def _money(item: ReportItem) -> str:
    parts = [f"涉及问题金额{item.problem_amount:,.2f}万元" if item.problem_amount else "",
             f"已整改到位{item.rectified_amount:,.2f}万元" if item.rectified_amount else ""]
    return "，".join(p for p in parts if p) + "。" if any(parts) else ""


def aspect_totals(aspect: ReportAspect) -> str:
    """An audit aspect's opening: 该方面问题6项，涉及问题金额…万元，已完成整改4项，正在整改2项，整改到位资金…万元。"""
    states = [State(i.state) for i in aspect.items]
    counts = [(f"已完成整改{states.count(State.closed)}项", State.closed),
              (f"基本完成整改{states.count(State.verified)}项", State.verified),
              (f"长期整改{states.count(State.long_term)}项", State.long_term),
              (f"正在整改{states.count(State.in_progress) + states.count(State.assigned)}项", None)]
    shown = [text for text, state in counts
             if (states.count(state) if state else states.count(State.in_progress) + states.count(State.assigned))]
    amount = sum(i.problem_amount or 0 for i in aspect.items)
    rectified = sum(i.rectified_amount or 0 for i in aspect.items)
    return (f"该方面问题{len(aspect.items)}项" + (f"，涉及问题金额{amount:,.2f}万元" if amount else "") + "，"
            + "，".join(shown) + (f"，整改到位资金{rectified:,.2f}万元" if rectified else "") + "。")

