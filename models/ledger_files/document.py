"""A parsed ledger, independent of the file it came from (xlsx, YAML, JSON)."""
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from models.domain.deadlines import DeadlineKind
from models.domain.vocabulary import SourceType, State

UNCATEGORISED_ASPECT = "未分类"
MeasureKind = Literal["measure", "target"]  # 整改措施 / 整改目标: both kept, each labelled


class MeasureDoc(BaseModel):
    text: str
    unit: str | None = None
    deadline: date | None = None
    deadline_text: str | None = None
    kind: MeasureKind = "measure"
    done: bool = False


class StageTargetDoc(BaseModel):
    text: str
    due: date | None = None


class ProgressDoc(BaseModel):
    """A report made earlier, as an exported ledger carries it (its 整改进展 sheet)."""

    unit: str
    person: str | None = None
    text: str
    percent: int | None = None
    week: str | None = None
    reported_at: datetime
    done: bool = False  # reported as work completed
    measure: int | None = None  # the measure it is about (整改措施 1, 2, …)


class EvidenceDoc(BaseModel):
    """An evidence file recorded earlier (the file itself stays in the data directory, by its hash)."""

    filename: str
    sha256: str
    size: int
    added_by: str
    added_at: datetime


class ItemDoc(BaseModel):
    row: int | None  # 1-based spreadsheet row as Excel shows it; None for YAML/JSON
    number: str  # 序号 as written; "1","2",… in order when the file has none
    aspect: str
    parent: str | None = None  # the feedback problem (反馈问题) this concrete problem (具体表现) belongs to
    text: str
    measures: list[MeasureDoc]
    lead_unit: str
    cooperating_units: list[str] = []
    leader: str | None = None  # as written: several names, titles in brackets (split when loaded)
    deadline: date | None = None
    deadline_text: str | None = None  # original text, kept whenever the cell was not empty
    deadline_kind: DeadlineKind
    initial_state: State | None = None  # as the file says it stands (完成情况); None: just assigned
    progress: str | None = None
    remarks: str | None = None
    problem_amount: float | None = None  # 问题金额, in 万元
    rectified_amount: float | None = None  # 整改到位金额, in 万元
    stage_targets: list[StageTargetDoc] = []
    history: list[ProgressDoc] = []
    evidence: list[EvidenceDoc] = []


class CampaignDoc(BaseModel):
    title: str | None = None
    source_type: SourceType | None = None
    feedback_date: date | None = None
    period_end: date | None = None


class ColumnReading(BaseModel):
    """How one header of the file was read."""

    column: int  # 1-based
    header: str
    field: str | None  # None: ignored
    how: str  # in Chinese: "按列名" / "按 --column 指定" / "按内容判断为完成情况" / "已忽略（--ignore-column）" …


class SkippedRow(BaseModel):
    row: int
    why: str  # 注释 / 签字栏 / 合计 / 副标题 / 重复表头
    text: str


class LedgerDoc(BaseModel):
    campaign: CampaignDoc
    aspects: list[str]  # the aspects of the items, in order of first appearance
    items: list[ItemDoc]
    columns: list[ColumnReading] = []  # how the file's header was read (spreadsheets)
    skipped: list[SkippedRow] = []  # rows that are not problems, and why
    amount_unit_note: str | None = None  # said when a money column names no unit (万元 assumed)
