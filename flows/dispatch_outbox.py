"""Flow: deliver every due outbox message, batch by batch."""
from prefect import flow

import flows.runtime  # noqa: F401  (Prefect settings first)
from notifications.dispatcher import DispatchReport
from tasks.outbox_tasks import claim_messages, deliver_messages


@flow(name="dispatch-outbox")
def dispatch_outbox_flow() -> DispatchReport:
    total = DispatchReport()
    while batch := claim_messages():
        total.add(deliver_messages(batch))
    return total
