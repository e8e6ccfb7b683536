"""The progress report's content, from the ledger and everything recorded about it as it stood at the end of a
day (seed 003's shape): the campaign's facts, what the body did (section 一), each problem with the work done,
what is still open."""
from collections import Counter, defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from models.domain.amounts import amount_totals
from models.domain.deadlines import add_months
from models.domain.events import FOLLOWUP_CONFIRMED, TRANSITION_EVENTS
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import REPORT_LABELS, Action, State
from models.queries.campaign_record import campaign_record
from models.queries.campaigns import facts_of
from models.queries.history import ItemHistory, end_of, histories
from models.queries.report_items import ReportSource, report_source_chunks, report_sources
from models.reports.completed_work import MeasureFact, ReportFact, closed_measures, completed_work
from models.reports.model import Extension, FollowUpsDue, ProgressReport, ReportAspect, ReportItem, StageTargetLine
from models.reports.totals import totals_sentence
from models.store.collector import collector_paused
from models.tables.audit import AuditEntry
from models.tables.ledger import Campaign, Item
from models.tables.progress import Evidence, ProgressEntry


@collector_paused()
def build_progress_report(session: Session, campaign: Campaign, day: date, since: date | None = None,
                          not_started_apart: bool = False) -> ProgressReport:
    """`since`: where the report's period starts (default: the feedback, or the import); long-term items with
    progress reported in it are counted as 取得重大进展."""
    hist = histories(session, campaign, day)
    zone = ZoneInfo(campaign.collect_timezone)
    cutoff = end_of(day, campaign.collect_timezone)
    record = campaign_record(session, campaign, day)
    since = since or campaign.feedback_date or record.ledger.imported_on or day
    reports, closed_by_report = _reports(session, campaign, cutoff)
    evidence = _evidence(session, campaign, cutoff)
    extensions = _extensions(session, campaign, cutoff)
    start = datetime.combine(since, datetime.min.time(), zone)
    by_aspect: dict[int, list[ReportItem]] = defaultdict(list)
    for chunk in report_source_chunks(session, Item.campaign_id == campaign.id):
        for i in chunk:
            if i.id in hist:
                by_aspect[i.aspect_id].append(
                    _item(i, hist[i.id], reports[i.id], closed_by_report, evidence[i.id], extensions[i.id], start))
    if not by_aspect:
        raise InvalidInput(f"《{campaign.title}》在 {day} 还没有导入台账")
    aspects = []
    for aspect in campaign.aspects:
        if by_aspect[aspect.id]:
            aspects.append(ReportAspect(position=len(aspects) + 1, title=aspect.title, items=by_aspect[aspect.id]))
    items = [i for aspect in aspects for i in aspect.items]
    tally = Counter(hist[i.item_id].state for i in items)
    counts = {state: tally[state] for state in REPORT_LABELS}
    parents = len({i.parent for i in items if i.parent})
    amounts = amount_totals(items)
    progressed = sum(1 for i in items if i.state == State.long_term and i.progress_in_period)
    return ProgressReport(
        campaign=campaign.title, facts=facts_of(campaign), period_end=campaign.period_end, since=since, as_of=day,
        counts={REPORT_LABELS[s]: n for s, n in counts.items()}, total=len(items), parents=parents,
        totals_sentence=totals_sentence(campaign.source_type, len(aspects), counts, parents=parents, amounts=amounts,
                                        long_term_progressed=progressed, not_started_apart=not_started_apart),
        aspects=aspects, amounts=amounts, record=record,
        follow_ups=_follow_ups(session, campaign, [i.item_id for i in items], hist, cutoff),
        not_started_shown=not_started_apart)


def _reports(session: Session, campaign: Campaign, cutoff: datetime, only: int | None = None):
    """Item id -> its progress entries before `cutoff`, oldest first; and the measures any done entry closed.
    (`only`: one item's, not the campaign's.)"""
    reports: dict[int, list[Row]] = defaultdict(list)
    closed_by_report: set[int] = set()
    for entry in session.execute(select(ProgressEntry.item_id, ProgressEntry.text, ProgressEntry.done,
                                        ProgressEntry.measure_id, ProgressEntry.reported_at)
                                 .join(Item).where(_of(campaign, only))
                                 .order_by(ProgressEntry.reported_at, ProgressEntry.id)):
        if entry.done and entry.measure_id:
            closed_by_report.add(entry.measure_id)
        if entry.reported_at < cutoff:
            reports[entry.item_id].append(entry)
    return reports, closed_by_report


def _of(campaign: Campaign, only: int | None):
    return Item.id == only if only is not None else Item.campaign_id == campaign.id


def _evidence(session: Session, campaign: Campaign, cutoff: datetime, only: int | None = None) -> dict[int, list[str]]:
    evidence: dict[int, list[str]] = defaultdict(list)
    for item_id, filename in session.execute(select(Evidence.item_id, Evidence.filename).join(Item).where(
            _of(campaign, only), Evidence.added_at < cutoff).order_by(Evidence.id)):
        if filename not in evidence[item_id]:
            evidence[item_id].append(filename)
    return evidence


def _extensions(session: Session, campaign: Campaign, cutoff: datetime, only: int | None = None
                ) -> dict[int, list[Extension]]:
    found: dict[int, list[Extension]] = defaultdict(list)
    mine = AuditEntry.item_id == only if only is not None else AuditEntry.campaign_id == campaign.id
    for item_id, reason, data in session.execute(select(AuditEntry.item_id, AuditEntry.reason, AuditEntry.data).where(
            mine, AuditEntry.kind == TRANSITION_EVENTS[Action.extend], AuditEntry.at < cutoff)
            .order_by(AuditEntry.seq)):
        new = (data or {}).get("new_deadline")
        found[item_id].append(Extension(new_deadline=date.fromisoformat(new) if new else None, reason=reason))
    return found


@collector_paused()
def report_item(session: Session, item: Item, day: date) -> ReportItem:
    """One item as the report tells it at the end of `day` (the closing sheet's words)."""
    campaign = item.campaign
    cutoff = end_of(day, campaign.collect_timezone)
    hist = histories(session, campaign, day)
    if item.id not in hist:
        raise InvalidInput(f"{item.ref} 在 {day} 还没有导入")
    reports, closed_by_report = _reports(session, campaign, cutoff, item.id)
    start = datetime.combine(campaign.feedback_date or day, datetime.min.time(), ZoneInfo(campaign.collect_timezone))
    source, = report_sources(session, Item.id == item.id)
    return _item(source, hist[item.id], reports[item.id], closed_by_report,
                 _evidence(session, campaign, cutoff, item.id)[item.id],
                 _extensions(session, campaign, cutoff, item.id)[item.id], start)


def _item(item: ReportSource, history: ItemHistory, reports: list[Row], closed_by_report: set[int],
          evidence: list[str], extensions: list[Extension], since: datetime) -> ReportItem:
    state = history.state
    measures = [m for m in item.measures if m.kind == "measure"]
    facts = [MeasureFact(m.id, m.text, m.done, m.id in closed_by_report) for m in measures]
    told = [ReportFact(r.text, r.done, r.measure_id) for r in reports]
    closed = closed_measures(facts, told, state)
    work = completed_work(facts, told, closed)
    under_way = [r for r in reports if not r.done]
    return ReportItem(
        item_id=item.id, number=item.number, text=item.text, parent=item.parent_text, state=state.value,
        state_label=REPORT_LABELS[state], lead_unit=item.lead_unit, cooperating_units=item.cooperating_names,
        leader=item.leader_names, deadline=item.deadline, deadline_text=item.deadline_text,
        measures=[m.text for m in measures], targets=[m.text for m in item.measures if m.kind == "target"],
        work=work, open_measures=len(measures) - len(closed),
        current=under_way[-1].text if under_way else None,
        progress_in_period=any(r.reported_at >= since for r in reports), evidence=evidence,
        stage_targets=[StageTargetLine(text=t.text, due=t.due) for t in item.stage_targets]
        if state is State.long_term else [],
        extensions=extensions, closed_on=history.closed_on,
        problem_amount=item.problem_amount, rectified_amount=item.rectified_amount)


def _follow_ups(session: Session, campaign: Campaign, item_ids: list[int], hist: dict[int, ItemHistory],
                cutoff: datetime) -> FollowUpsDue:
    """回头看 still ahead: closed items with a follow-up month not yet confirmed, and the first date one is due."""
    months = sorted(campaign.reminders.followup_months)
    confirmed: dict[int, set[int]] = defaultdict(set)
    for item_id, data in session.execute(select(AuditEntry.item_id, AuditEntry.data).where(
            AuditEntry.campaign_id == campaign.id, AuditEntry.kind == FOLLOWUP_CONFIRMED, AuditEntry.at < cutoff)):
        confirmed[item_id].add((data or {}).get("months"))
    due = []
    for item_id in item_ids:
        closed_on = hist[item_id].closed_on
        if closed_on and hist[item_id].state is State.closed:
            ahead = [add_months(closed_on, m) for m in months if m not in confirmed[item_id]]
            if ahead:
                due.append(min(ahead))
    return FollowUpsDue(items=len(due), first_due=min(due) if due else None, months=months)
