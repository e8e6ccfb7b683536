"""How the project's flows run, and the Prefect settings they run with (import this module before prefect).

With a Prefect server configured (PREFECT_API_URL), a flow a command starts runs there: tracked, its tasks
retried, visible in the UI. Without one — the embedded default — the same flow code runs as plain functions in
this process: Prefect would otherwise start a temporary server first (11–28 s measured here) only to record runs
nobody can look at. `start` chooses; inside a flow, `call` runs each task (or subflow) the same way its flow runs.

Measured here (../shared/prefect-notes.md): a fresh temporary server can take longer than its default 20 s
start-up timeout, analytics on a fresh start logged "database is locked", and flow heartbeats add about one
second to every flow run. Values already set in the environment win.
"""
import os
from contextlib import contextmanager

DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
for _name, _value in DEFAULTS.items():
    os.environ.setdefault(_name, _value)


def server_configured() -> bool:
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


@contextmanager
def embedded_tuning():
    """Without a Prefect server nobody watches heartbeats: switch them off to save ~1 s per run."""
    if server_configured():
        yield
        return
    from prefect.settings import temporary_settings

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


def start(flow, *args, **kwargs):
    """Run a flow from a command: on the configured Prefect server, or as its plain function here."""
    if server_configured():
        with embedded_tuning():
            return flow(*args, **kwargs)
    return flow.fn(*args, **kwargs)


def call(step, *args, name: str | None = None, **kwargs):
    """Inside a flow: a task (named `name` in the UI) or a subflow, tracked when the flow is, plain otherwise."""
    from prefect.context import FlowRunContext

    if FlowRunContext.get() is None:
        return step.fn(*args, **kwargs)
    if name is not None:
        step = step.with_options(task_run_name=name)
    return step(*args, **kwargs)
