"""Flow: deliver every due outbox message, batch by batch."""
from prefect import flow

from flows.runtime import call
from notifications.dispatcher import DispatchReport
from tasks.outbox_tasks import claim_messages, deliver_messages


@flow(name="dispatch-outbox")
def dispatch_outbox_flow() -> DispatchReport:
    total = DispatchReport()
    while batch := call(claim_messages):
        total.add(call(deliver_messages, batch))
    return total
