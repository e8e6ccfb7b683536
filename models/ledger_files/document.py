"""A parsed ledger, independent of the file it came from (xlsx, YAML, JSON)."""
from datetime import date

from pydantic import BaseModel

from models.domain.deadlines import DeadlineKind
from models.domain.vocabulary import SourceType, State

UNCATEGORISED_ASPECT = "未分类"


class MeasureDoc(BaseModel):
    text: str
    unit: str | None = None
    deadline: date | None = None
    deadline_text: str | None = None


class ItemDoc(BaseModel):
    row: int | None  # 1-based spreadsheet row as Excel shows it; None for YAML/JSON
    number: str  # 序号 as written; "1","2",… in order when the file has none
    aspect: str
    text: str
    measures: list[MeasureDoc]
    lead_unit: str
    cooperating_units: list[str] = []
    leader: str | None = None
    deadline: date | None = None
    deadline_text: str | None = None  # original text, kept whenever the cell was not empty
    deadline_kind: DeadlineKind
    initial_state: State | None = None  # as the file says it stands (完成情况); None: just assigned
    progress: str | None = None
    remarks: str | None = None


class CampaignDoc(BaseModel):
    title: str | None = None
    source_type: SourceType | None = None
    feedback_date: date | None = None
    period_end: date | None = None


class LedgerDoc(BaseModel):
    campaign: CampaignDoc
    aspects: list[str]  # the aspects of the items, in order of first appearance
    items: list[ItemDoc]
