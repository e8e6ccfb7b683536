"""Delivery as a long-lived loop inside a process that runs anyway (`rectiflow web`, `rectiflow serve`): it looks
for due messages with one small query every few seconds and dispatches only when there are some — no process a
minute, no Prefect run for an empty outbox. Several loops (several servers) share the outbox safely: rows are
claimed (notifications/outbox_store.py)."""
import logging
import threading

from notifications.dispatcher import DispatchConfig, dispatch_due
from notifications.outbox_store import has_due

logger = logging.getLogger(__name__)


def run_dispatch_loop(config: DispatchConfig, stop: threading.Event, poll_seconds: float) -> None:
    """Until `stop` is set: deliver whatever is due, then wait `poll_seconds` (or until stopped)."""
    while not stop.is_set():
        try:
            if has_due(config.db_url):
                report = dispatch_due(config, stop=stop)
                logger.info("dispatched: %d sent, %d to retry, %d given up", report.sent, report.failed,
                            report.given_up)
        except Exception:  # a database that is away for a moment: log it, try again at the next turn
            logger.exception("outbox dispatch failed; trying again in %s s", poll_seconds)
        stop.wait(poll_seconds)


def start_dispatch_loop(config: DispatchConfig, poll_seconds: float) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=run_dispatch_loop, args=(config, stop, poll_seconds), name="outbox-dispatch",
                              daemon=True)
    thread.start()
    return thread, stop
