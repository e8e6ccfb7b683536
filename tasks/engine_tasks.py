"""Prefect tasks over the engine's operations: pydantic models in and out, never sessions."""
from prefect import task
from prefect.cache_policies import NO_CACHE

from models.domain.commands import ActionCommand, ActionOutcome, DecisionCommand, DecisionOutcome
from models.engine import operations
from models.settings import Settings


@task(name="apply-action", cache_policy=NO_CACHE)
def apply_action(command: ActionCommand) -> ActionOutcome:
    return operations.perform_action(Settings().db_url, command)


@task(name="apply-actions-batch", cache_policy=NO_CACHE)
def apply_batch(commands: list[ActionCommand]) -> operations.BatchResult:
    return operations.perform_batch(Settings().db_url, commands)


@task(name="decide-signoff", cache_policy=NO_CACHE)
def decide(command: DecisionCommand) -> DecisionOutcome:
    return operations.perform_decision(Settings().db_url, command)
