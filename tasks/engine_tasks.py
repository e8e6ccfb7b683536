"""Prefect tasks over the engine's operations: pydantic models in and out, never sessions. An action run through
Prefect is recorded as channel "prefect" unless the caller (the CLI's --on-prefect) says who started it."""
from models.domain.commands import ActionCommand, ActionOutcome
from models.domain.via import Via
from models.engine import operations
from models.settings import Settings
from tasks.lazy_prefect import task

PREFECT = Via(channel="prefect", method="schedule")


@task(name="apply-action")
def apply_action(command: ActionCommand, via: Via | None = None) -> ActionOutcome:
    return operations.perform_action(Settings().db_url, command, via or PREFECT)


@task(name="apply-actions-batch")
def apply_batch(commands: list[ActionCommand]) -> operations.BatchResult:
    return operations.perform_batch(Settings().db_url, commands, PREFECT)
