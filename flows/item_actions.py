"""Flows that apply engine actions: one item (named and tagged for the UI), or a batch of items."""
from typing import Annotated

from pydantic import Field

from flows.runtime import call, start
from models.domain.commands import ActionCommand, ActionOutcome
from models.domain.via import Via
from models.engine.operations import MAX_BATCH, BatchResult
from tasks import engine_tasks
from tasks.lazy_prefect import flow


@flow(name="item-action", flow_run_name="item-{command.item_id}-{command.action}")
def apply_action_flow(command: ActionCommand, via: Via | None = None) -> ActionOutcome:
    return call(engine_tasks.apply_action, command, via)


def run_item_action(command: ActionCommand, via: Via | None = None) -> ActionOutcome:
    """Run the item flow tagged with its item, so the Prefect UI shows each item's history."""
    return start(apply_action_flow, command, via, run_tags=(f"item:{command.item_id}", f"action:{command.action}"))


@flow(name="item-actions-batch")
def apply_batch_flow(commands: list[ActionCommand],
                     chunk_size: Annotated[int, Field(ge=1, le=MAX_BATCH)] = 500) -> BatchResult:
    """A few tasks over chunks, never a run per item; each chunk is one transaction."""
    total = BatchResult()
    for first in range(0, len(commands), chunk_size):
        part = call(engine_tasks.apply_batch, commands[first:first + chunk_size])
        total.applied += part.applied
        total.refused.update({first + pos: why for pos, why in part.refused.items()})
    return total
