"""The progress report's content, from the ledger as it stood at the end of a day (seed 003's shape)."""
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.domain.amounts import amount_totals
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import REPORT_LABELS, State
from models.queries.history import end_of, items_as_of
from models.reports.model import ProgressLine, ProgressReport, ReportAspect, ReportItem, StageTargetLine
from models.store.collector import collector_paused
from models.tables.ledger import Campaign, Item
from models.tables.progress import Evidence, ProgressEntry

# how the totals sentence names each state; seed 003: 已完成整改34项，基本完成整改3项，长期整改并取得重大进展的1项
SENTENCE_LABELS = {State.closed: "已完成整改{n}项", State.verified: "基本完成整改{n}项",
                   State.long_term: "长期整改并取得重大进展的{n}项", State.in_progress: "正在整改{n}项",
                   State.assigned: "尚未启动{n}项"}


def totals_sentence(source: str, aspects: int, counts: dict[State, int], labels=SENTENCE_LABELS, parents: int = 0,
                    amounts: dict[str, float] | None = None) -> str:
    """巡察反馈的3大方面38个具体问题，已完成整改34项…。 Nested ledgers count 3大方面6个问题14个具体表现; money, when the
    ledger has it, follows: 涉及问题金额…万元，已整改到位…万元。"""
    parts = [labels[state].format(n=n) for state, n in counts.items() if n]
    problems = f"{parents}个问题{sum(counts.values())}个具体表现" if parents else f"{sum(counts.values())}个具体问题"
    text = f"{source}反馈的{aspects}大方面{problems}，" + "，".join(parts) + "。"
    return text + amounts_sentence(amounts or {})


def amounts_sentence(amounts: dict[str, float]) -> str:
    if not amounts:
        return ""
    wording = {"问题金额": "涉及问题金额{v}万元", "整改到位金额": "已整改到位{v}万元"}
    return "，".join(wording[label].format(v=f"{total:,.2f}") for label, total in amounts.items()) + "。"


@collector_paused()
def build_progress_report(session: Session, campaign: Campaign, day: date,
                          labels: dict[State, str] = REPORT_LABELS,
                          sentence_labels: dict[State, str] = SENTENCE_LABELS) -> ProgressReport:
    items, hist = items_as_of(session, campaign, day=day, options=(
        selectinload(Item.cooperating), selectinload(Item.measures), selectinload(Item.stage_targets)))
    cutoff = end_of(day, campaign.collect_timezone)
    if not items:
        raise InvalidInput(f"《{campaign.title}》在 {day} 还没有导入台账")
    counts = {state: sum(hist[i.id].state is state for i in items) for state in labels}
    progress, evidence = _progress_and_evidence(session, campaign, cutoff)
    aspects = []
    for aspect in campaign.aspects:
        mine = [i for i in items if i.aspect_id == aspect.id]
        if mine:
            aspects.append(ReportAspect(position=len(aspects) + 1, title=aspect.title,
                                        items=[_item(i, hist[i.id].state, labels, progress[i.id], evidence[i.id])
                                               for i in mine]))
    return ProgressReport(campaign=campaign.title, source_type=campaign.source_type,
                          feedback_date=campaign.feedback_date, period_end=campaign.period_end, as_of=day,
                          counts={labels[s]: n for s, n in counts.items()}, total=len(items),
                          totals_sentence=totals_sentence(campaign.source_type, len(aspects), counts, sentence_labels,
                                                          parents=len({i.parent_text for i in items if i.parent_text}),
                                                          amounts=amount_totals(items)),
                          aspects=aspects, amounts=amount_totals(items))


def _progress_and_evidence(session: Session, campaign: Campaign, cutoff: datetime):
    """Item id -> its progress entries and evidence file names before `cutoff`, for the whole campaign at once."""
    progress: dict[int, list[ProgressEntry]] = defaultdict(list)
    for entry in session.scalars(select(ProgressEntry).join(Item).where(
            Item.campaign_id == campaign.id, ProgressEntry.reported_at < cutoff)
            .order_by(ProgressEntry.reported_at, ProgressEntry.id)):
        progress[entry.item_id].append(entry)
    evidence: dict[int, list[str]] = defaultdict(list)
    for item_id, filename in session.execute(select(Evidence.item_id, Evidence.filename).join(Item).where(
            Item.campaign_id == campaign.id, Evidence.added_at < cutoff).order_by(Evidence.id)):
        evidence[item_id].append(filename)
    return progress, evidence


def _item(item: Item, state: State, labels, progress: list[ProgressEntry], evidence: list[str]) -> ReportItem:
    return ReportItem(
        item_id=item.id, number=item.number, text=item.text, parent=item.parent_text, state=state.value, state_label=labels[state],
        lead_unit=item.lead_unit.name, cooperating_units=item.cooperating_names,
        leader=item.leader_names, deadline_text=item.deadline_text,
        measures=[m.text for m in item.measures],
        progress=[ProgressLine(at=p.reported_at, unit=p.unit.name, text=p.text) for p in progress],
        evidence=list(dict.fromkeys(evidence)),
        stage_targets=[StageTargetLine(text=t.text, due=t.due) for t in item.stage_targets]
        if state is State.long_term else [],
        problem_amount=item.problem_amount, rectified_amount=item.rectified_amount)
