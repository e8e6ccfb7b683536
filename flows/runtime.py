"""Prefect settings this project runs with; import this module before prefect.

Measured here (../shared/prefect-notes.md): a fresh temporary server can take longer than its
default 20 s start-up timeout, analytics on a fresh start logged "database is locked", and flow
heartbeats add about one second to every flow run. Values already set in the environment win.
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
