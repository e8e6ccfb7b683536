"""What the office hands upward, as data: the progress report and the statistics (rendered to Word,
Markdown, Excel, terminal tables and charts elsewhere)."""
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, PrivateAttr

from models.domain.campaign_facts import CampaignFacts
from models.queries.campaign_record import CampaignRecord


# A report's lines are plain slotted dataclasses (pydantic keeps the instances it is given): a province's 100,000
# as pydantic models took ≈ 3 KB each — their field dicts and field sets — most of the report's memory.
@dataclass(slots=True)
class StageTargetLine:
    text: str
    due: date | None


@dataclass(slots=True)
class Extension:
    """A deadline extension the leading group granted, with its reason (延期)."""

    new_deadline: date | None
    reason: str | None


@dataclass(slots=True, kw_only=True)
class ReportItem:
    item_id: int
    number: str
    text: str  # the problem (a concrete problem, 具体表现, when `parent` is set)
    parent: str | None = None  # the feedback problem (反馈问题) it belongs to
    state: str  # assigned / in_progress / verified / closed / long_term, as of the report date
    state_label: str  # as the report counts it: 已完成整改 / 基本完成整改 / 长期整改 / 正在整改 / 未启动
    lead_unit: str
    cooperating_units: list[str] = field(default_factory=list)
    leader: str | None = None
    deadline: date | None = None
    deadline_text: str | None = None
    measures: list[str] = field(default_factory=list)  # 整改措施 as planned, in order
    targets: list[str] = field(default_factory=list)  # 整改目标
    # work completed (closed measures, progress marked as done), in order: 一是…二是…
    work: list[str] = field(default_factory=list)
    open_measures: int = 0  # measures not closed yet
    current: str | None = None  # the latest progress not marked as done (what is under way)
    progress_in_period: bool = False  # progress was reported in the report's period
    evidence: list[str] = field(default_factory=list)  # file names (the annex lists them; the prose never does)
    stage_targets: list[StageTargetLine] = field(default_factory=list)  # for long-term items
    extensions: list[Extension] = field(default_factory=list)
    closed_on: date | None = None
    problem_amount: float | None = None  # 万元
    rectified_amount: float | None = None  # 万元


class ReportAspect(BaseModel):
    position: int  # 1, 2, 3 → （一）（二）（三）
    title: str
    items: list[ReportItem]
    _groups: Any = PrivateAttr(default=None)  # its numbered problems, worked out once (tasks_text.aspect_groups)


class FollowUpsDue(BaseModel):
    """回头看 still ahead for closed items: how many, and the first date one falls due."""

    items: int = 0
    first_due: date | None = None
    months: list[int] = []


class ProgressReport(BaseModel):
    campaign: str
    facts: CampaignFacts
    period_end: date | None = None  # end of the concentrated rectification period (集中整改期)
    since: date | None = None  # the period the report covers starts here (for 取得重大进展)
    as_of: date
    counts: dict[str, int]  # report label -> items, in the labels' order
    total: int
    parents: int = 0  # feedback problems (反馈问题) in a nested ledger
    totals_sentence: str  # 巡察反馈的3大方面38个具体问题，已完成整改34项，基本完成整改3项，长期整改并取得重大进展的1项。
    aspects: list[ReportAspect]
    amounts: dict[str, float] = {}  # 问题金额 / 整改到位金额 totals in 万元, when the ledger has them
    record: CampaignRecord = CampaignRecord()
    follow_ups: FollowUpsDue = FollowUpsDue()
    not_started_shown: bool = False  # 尚未启动 counted apart (only when asked)


class AspectStats(BaseModel):
    aspect: str
    items: int
    by_state: dict[str, int]  # report label -> items
    overdue: int
    on_time_rate: float | None  # closed or verified by the deadline / those due by now (None: none due yet)
    average_days_to_close: float | None


class UnitStats(BaseModel):
    unit: str
    items: int
    closed: int
    verified: int
    long_term: int
    overdue: int
    on_time_rate: float | None
    average_days_to_close: float | None


class RankingRow(BaseModel):
    rank: int
    unit: str
    on_time_rate: float | None
    overdue: int
    previous_rank: int | None
    movement: str  # ↑2 / ↓1 / — / 新


class BurndownPoint(BaseModel):
    week: str  # ISO week, e.g. 2026-W48
    open_items: int  # not closed at the end of that week


class Statistics(BaseModel):
    campaign: str
    as_of: date
    month: str  # the ranking's month, e.g. 2026-11
    aspects: list[AspectStats]
    units: list[UnitStats]
    ranking: list[RankingRow]
    burndown: list[BurndownPoint]
