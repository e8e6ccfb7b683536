"""Prefect tasks for the outbox: claim a batch of due messages, deliver a claimed batch."""
from prefect import task
from prefect.cache_policies import NO_CACHE

from notifications.config import dispatch_config
from notifications.dispatcher import DispatchReport, deliver_claimed
from notifications.outbox_store import Claimed, claim_due


@task(name="claim-due-messages", cache_policy=NO_CACHE)
def claim_messages() -> list[Claimed]:
    config = dispatch_config()
    return claim_due(config.db_url, config.batch_size)


@task(name="deliver-messages", cache_policy=NO_CACHE)
def deliver_messages(batch: list[Claimed]) -> DispatchReport:
    return deliver_claimed(dispatch_config(), batch)
