"""What every command shares: settings (with --db), the console, JSON output, and the database check."""
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic_core import to_jsonable_python
from rich.console import Console
from sqlalchemy import inspect

from models.store.database import engine_for
from models.domain.refusals import Refused
from models.settings import Settings

console = Console(soft_wrap=True)  # no hard line breaks inside sentences when output is piped


@dataclass
class AppState:
    db: str | None = None
    settings: Settings = field(default_factory=Settings)

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
    from deploy.migrate import current_revision, head_revision

    url = state.db_url
    if not inspect(engine_for(url)).has_table("alembic_version"):
        raise Refused(f"数据库尚未初始化：请先运行 rectiflow init（数据库：{shown(url)}）")
    if current_revision(url) != head_revision():
        raise Refused(f"数据库结构需要升级：请运行 rectiflow init（数据库：{shown(url)}）")
    return url


def shown(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def emit_json(data) -> None:
    print(json.dumps(to_jsonable_python(data), ensure_ascii=False, indent=2))


def share_db_with_flows() -> str:
    """Flow runs (here or in serve's subprocesses) read settings from the environment: pass --db on."""
    import os

    os.environ["RECTIFLOW_DATABASE_URL"] = state.db_url
    return state.db_url


def run_flow(flow_name: str, *args):
    """Run one of the project's Prefect flows in this process against the chosen database."""
    import importlib

    share_db_with_flows()
    from flows.runtime import embedded_tuning

    module_name, _, function = flow_name.rpartition(".")
    flow_function = getattr(importlib.import_module(module_name), function)
    with embedded_tuning():
        return flow_function(*args)
