"""What callers ask of the engine and what it answers: pydantic models, safe to pass to Prefect tasks."""
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel
from pydantic import Field as PydanticField

from models.domain.text import Text
from models.domain.via import SignatureProof
from models.domain.vocabulary import Action, State


class EvidenceRef(BaseModel):
    sha256: str = PydanticField(pattern=r"^[0-9a-f]{64}$")
    filename: Text
    size: int


class StageTargetIn(BaseModel):
    text: Text = PydanticField(min_length=1)
    due: date | None = None


class Change(BaseModel):
    """The parameters an action may carry; which ones are required is said by the transition table."""

    reason: Text | None = None
    evidence: list[EvidenceRef] = []
    stage_targets: list[StageTargetIn] = []
    new_deadline: date | None = None
    new_unit: Text | None = None


class ActionCommand(BaseModel):
    item_id: int
    action: Action
    actor: Text  # a person's name, or "#<id>"
    change: Change = Change()
    expected_version: int | None = None  # the version the actor saw; None: whatever is current


class DecisionCommand(BaseModel):
    request_id: int
    decision: Literal["approve", "reject"]
    actor: Text
    comment: Text | None = None
    on_behalf_of: Text | None = None  # the principal a deputy signs for (代签)
    proof: SignatureProof | None = None  # re-authentication at the moment of signing (web, api)


class MeetingCommand(BaseModel):
    """A leading-group meeting deciding pending requests at once; the attendees' approvals count."""

    held_on: date
    chair: Text
    attendees: list[Text] = []  # besides the chair
    minutes: EvidenceRef | None = None
    approve: list[int] = []  # request ids
    reject: dict[int, Text] = {}  # request id -> reason
    recorded_by: Text


class DelegationCommand(BaseModel):
    principal: Text
    deputy: Text
    starts: date
    ends: date
    actor: Text  # who sets it up: the principal, or the office for them
    reason: Text | None = None


class RevocationCommand(BaseModel):
    """Ending a delegation before its end date (by the principal, or the office)."""

    delegation_id: int
    actor: Text
    reason: Text | None = None


class ProgressCommand(BaseModel):
    item_id: int
    actor: Text
    text: Text
    percent: int | None = PydanticField(default=None, ge=0, le=100)
    done: bool = False  # the text says what was completed (100% says so too); the report tells it as done
    measure: int | None = PydanticField(default=None, ge=1)  # the measure it is about (整改措施 1, 2, …); done closes it
    evidence: list[EvidenceRef] = []
    week: Text | None = None
    source: dict | None = None  # where a report came from (the form's name and hash, how it was received)
    received_at: datetime | None = None  # when it counts as received, if before now (a form the close run reads)


class FollowupCommand(BaseModel):
    """回头看: the problem of a closed item has not come back, `months` after its closing."""

    item_id: int
    actor: Text
    months: int = PydanticField(3, ge=1)
    note: Text | None = None


class ChaseCommand(BaseModel):
    """催办: the office presses a unit about one of its items, or about every open item it leads."""

    actor: Text
    item_id: int | None = None
    unit: Text | None = None  # instead of an item: the unit, about its open items
    campaign: Text | None = None  # with a unit: only this campaign's items
    note: Text | None = None  # what the office adds to the message


class ScheduleCommand(BaseModel):
    """When a campaign's weekly collection round opens and is due (cron, in a time zone); None: unchanged."""

    campaign: Text
    actor: Text
    open_cron: Text | None = None
    due_cron: Text | None = None
    timezone: Text | None = None


class CampaignFactsCommand(BaseModel):
    """Set what the report says of a campaign (models/domain/campaign_facts.py); None: unchanged, "": cleared."""

    campaign: Text
    actor: Text
    source_type: Text | None = None
    inspecting_body: Text | None = None
    inspected_body: Text | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    clear_inspection_period: bool = False
    feedback_date: date | None = None
    instruction: Text | None = None


class CampaignFactsOutcome(BaseModel):
    campaign_id: int
    title: str
    changed: dict[str, list]  # field -> [before, after]
    missing: list[str]  # what the report still needs, by label


class ChaseOutcome(BaseModel):
    unit: str
    items: list[int]  # the items the unit was chased about
    told: list[str]  # the people told (none: the unit has no liaison or head; the office's fallback channel was)
    audit_seq: int
    messages: int


class ScheduleOutcome(BaseModel):
    campaign: str
    open_cron: str
    due_cron: str
    timezone: str
    changed: bool


class ActionOutcome(BaseModel):
    item_id: int
    action: Action
    from_state: State
    to_state: State
    fired: bool  # False: a sign-off request was opened and the transition waits for it
    request_id: int | None = None
    audit_seq: int
    messages: int  # outbox rows written


class DecisionOutcome(BaseModel):
    request_id: int
    status: Text
    fired: ActionOutcome | None = None
    audit_seq: int
    messages: int


class MeetingOutcome(BaseModel):
    meeting_id: int
    decisions: list[DecisionOutcome]


class ProgressOutcome(BaseModel):
    progress_id: int
    item_id: int
    audit_seq: int
