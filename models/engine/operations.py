"""The engine's operations, each in its own transaction: what the command line, the API and Prefect tasks
call, with pydantic commands in and outcomes out."""
from collections.abc import Callable
from datetime import datetime, timezone

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from models.domain.commands import (
    ActionCommand,
    ActionOutcome,
    CampaignFactsCommand,
    CampaignFactsOutcome,
    ChaseCommand,
    ChaseOutcome,
    DecisionCommand,
    DecisionOutcome,
    DelegationCommand,
    FollowupCommand,
    MeetingCommand,
    MeetingOutcome,
    ProgressCommand,
    ProgressOutcome,
    RevocationCommand,
    ScheduleCommand,
    ScheduleOutcome,
)
from models.domain.refusals import InvalidInput, ItemChanged, Refused
from models.domain.via import Via
from models.engine.campaign_facts import set_campaign_facts
from models.engine.campaign_schedule import set_collection_schedule
from models.engine.chase import chase
from models.engine.decisions import decide
from models.engine.delegations import grant_delegation, revoke_delegation
from models.engine.followup import confirm_followup
from models.engine.items import apply_action, report_progress
from models.engine.locked_items import LockedItems
from models.engine.meetings import decide_at_meeting
from models.store.collector import collector_paused
from models.store.unit_of_work import unit_of_work


def _in_transaction(db_url: str, operation: Callable, command, via: Via | None, now: datetime | None):
    """`via`: the door the action came through (recorded on its audit entries). `now`: when it happens, if not
    now (replaying a ledger's real history, as the seed-003 walk does); kept in UTC, as the audit chain hashes it."""
    now = now.astimezone(timezone.utc) if now else None
    try:
        with unit_of_work(db_url, via) as uow:
            return operation(uow, command, now)
    except StaleDataError:
        raise ItemChanged("事项或申请已被他人修改，请刷新后重试") from None
    except IntegrityError as exc:
        if "uq_approval_request_pending" in str(exc.orig):
            raise ItemChanged("该事项已有同类待审批申请（他人刚刚提出），请刷新后查看") from None
        raise


def perform_action(db_url: str, command: ActionCommand, via: Via | None = None, *, now: datetime | None = None
                   ) -> ActionOutcome:
    return _in_transaction(db_url, apply_action, command, via, now)


def perform_decision(db_url: str, command: DecisionCommand, via: Via | None = None, *, now: datetime | None = None
                     ) -> DecisionOutcome:
    return _in_transaction(db_url, decide, command, via, now)


def perform_progress(db_url: str, command: ProgressCommand, via: Via | None = None, *, now: datetime | None = None
                     ) -> ProgressOutcome:
    return _in_transaction(db_url, report_progress, command, via, now)


def perform_meeting(db_url: str, command: MeetingCommand, via: Via | None = None, *, now: datetime | None = None
                    ) -> MeetingOutcome:
    return _in_transaction(db_url, decide_at_meeting, command, via, now)


def perform_delegation(db_url: str, command: DelegationCommand, via: Via | None = None) -> int:
    return _in_transaction(db_url, grant_delegation, command, via, None).id


def perform_revocation(db_url: str, command: RevocationCommand, via: Via | None = None) -> int:
    return _in_transaction(db_url, revoke_delegation, command, via, None).id


def perform_followup(db_url: str, command: FollowupCommand, via: Via | None = None) -> int:
    return _in_transaction(db_url, confirm_followup, command, via, None)


def perform_schedule(db_url: str, command: ScheduleCommand, via: Via | None = None) -> ScheduleOutcome:
    return _in_transaction(db_url, set_collection_schedule, command, via, None)


def perform_campaign_facts(db_url: str, command: CampaignFactsCommand, via: Via | None = None, *,
                           now: datetime | None = None
                           ) -> CampaignFactsOutcome:
    return _in_transaction(db_url, set_campaign_facts, command, via, now)


def perform_chase(db_url: str, command: ChaseCommand, via: Via | None = None, *, now: datetime | None = None
                  ) -> ChaseOutcome:
    return _in_transaction(db_url, chase, command, via, now)


MAX_BATCH = 5_000  # actions per transaction: its IN lists stay well within SQLite's 32,766 parameters


class BatchResult(BaseModel):
    applied: list[ActionOutcome] = []
    refused: dict[int, str] = {}  # position in the batch -> why


@collector_paused()
def perform_batch(db_url: str, commands: list[ActionCommand], via: Via | None = None) -> BatchResult:
    """Many actions in one transaction. The engine refuses before it writes anything, so a refused action
    is skipped without a savepoint and the others apply; their rows are written in bulk at the end."""
    if len(commands) > MAX_BATCH:
        raise InvalidInput(f"一批最多 {MAX_BATCH} 项操作（本批 {len(commands)} 项），请分批提交")
    result = BatchResult()
    with unit_of_work(db_url, via) as uow:
        LockedItems.of(uow).load((c.item_id for c in commands), (c.actor for c in commands))
        for position, command in enumerate(commands):
            try:
                result.applied.append(apply_action(uow, command))
            except Refused as refusal:
                result.refused[position] = refusal.message
    return result
