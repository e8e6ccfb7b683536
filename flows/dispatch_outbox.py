"""Flow: deliver every outbox message due when the run starts, batch by batch (each tried at most once per run)."""
from flows.runtime import call
from models.domain.clock import utcnow
from notifications.dispatcher import DispatchReport
from tasks.lazy_prefect import flow
from tasks.outbox_tasks import claim_messages, deliver_messages


@flow(name="dispatch-outbox")
def dispatch_outbox_flow() -> DispatchReport:
    total, started = DispatchReport(), utcnow()
    while batch := call(claim_messages, started):
        total.add(call(deliver_messages, batch))
    return total
