"""Prefect tasks for the outbox: claim a batch of due messages, deliver a claimed batch."""
from datetime import datetime

from notifications.config import dispatch_config
from notifications.dispatcher import DispatchReport, claim, deliver_claimed
from notifications.outbox_store import Claimed
from tasks.lazy_prefect import task


@task(name="claim-due-messages")
def claim_messages(due_before: datetime) -> list[Claimed]:
    return claim(dispatch_config(), due_before=due_before)


@task(name="deliver-messages")
def deliver_messages(batch: list[Claimed]) -> DispatchReport:
    return deliver_claimed(dispatch_config(), batch)
