"""Prefect tasks for the outbox: claim a batch of due messages, deliver a claimed batch."""
from datetime import datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from notifications.config import dispatch_config
from notifications.dispatcher import DispatchReport, claim, deliver_claimed
from notifications.outbox_store import Claimed


@task(name="claim-due-messages", cache_policy=NO_CACHE)
def claim_messages(due_before: datetime) -> list[Claimed]:
    return claim(dispatch_config(), due_before=due_before)


@task(name="deliver-messages", cache_policy=NO_CACHE)
def deliver_messages(batch: list[Claimed]) -> DispatchReport:
    return deliver_claimed(dispatch_config(), batch)
