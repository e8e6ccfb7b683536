"""What every command shares: settings (with --db), the console, JSON output, and the database check."""
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic_core import to_json
from rich.console import Console

from models.domain.refusals import Refused

if TYPE_CHECKING:
    from models.settings import Settings

# Piped or redirected, Rich would assume 80 columns and cut tables ("已完成…"): without a terminal the width is
# unlimited, so a table is as wide as its contents; sentences are never broken (soft wrap).
console = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 100_000)
errors = Console(stderr=True, soft_wrap=True)


class AppState:
    """The --db choice, and the settings — read when a command first needs them, not when the CLI starts."""

    def __init__(self):
        self.db: str | None = None
        self._settings: "Settings | None" = None

    @property
    def settings(self) -> "Settings":
        if self._settings is None:
            from models.settings import Settings

            self._settings = Settings()
        return self._settings

    @settings.setter
    def settings(self, value: "Settings") -> None:
        self._settings = value

    @property
    def db_url(self) -> str:
        return self.db or self.settings.db_url

    def today(self) -> date:
        return datetime.now(self.settings.zone).date()

    def local(self, moment: datetime | None) -> str:
        return moment.astimezone(self.settings.zone).strftime("%Y-%m-%d %H:%M") if moment else ""


state = AppState()


def ready_db() -> str:
    """The database URL, after checking that `rectiflow init` has brought it to the current schema."""
    from deploy.migrate import schema_problem

    url = state.db_url
    problem = schema_problem(url)
    if problem:
        raise Refused(problem)
    return url


def emit_json(data) -> None:
    """`data` as indented JSON on standard output; a list element by element (100,000 listed items are never a
    second time in memory as one JSON text), the same JSON as written whole. Written by pydantic-core's serializer:
    the standard library's indenting encoder is pure Python (13 s of 100,000 items)."""
    if not isinstance(data, list) or not data:
        print(to_json(data, indent=2).decode())
        return
    write = sys.stdout.write
    write("[")
    for n, element in enumerate(data):
        text = to_json(element, indent=2).decode()
        write(("\n  " if n == 0 else ",\n  ") + text.replace("\n", "\n  "))
    write("\n]\n")


def share_db_with_flows() -> str:
    """Flow runs (here or in serve's subprocesses) read settings from the environment: pass --db on."""
    import os

    os.environ["RECTIFLOW_DATABASE_URL"] = state.db_url
    return state.db_url


def run_flow(flow_name: str, *args):
    """Run one of the project's flows against the chosen database: on the configured Prefect server, or — the
    embedded default — as plain functions in this process (flows/runtime.py)."""
    import importlib
    import os

    # a refusal inside a flow is said once, in Chinese, by the command line: Prefect's own log of it (a traceback
    # of some 90 lines) stays out of the terminal unless PREFECT_LOGGING_LEVEL asks for it
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
    share_db_with_flows()
    from flows.runtime import start

    module_name, _, function = flow_name.rpartition(".")
    runnable = getattr(importlib.import_module(module_name), function)
    return start(runnable, *args) if hasattr(runnable, "fn") else runnable(*args)  # a flow, or what starts one


def cli_via(channel: str = "cli"):
    """The office operator at the server's shell: the audit entry records the operating-system user beside --as.
    A meeting recorded at the shell is channel "meeting"."""
    import getpass

    from models.domain.via import Via

    return Via(channel=channel, method="operator", os_user=getpass.getuser())


def operator() -> str:
    """Who acts when the office operator runs a command at the server's shell without naming a person."""
    import getpass

    return f"命令行（{getpass.getuser()}）"
