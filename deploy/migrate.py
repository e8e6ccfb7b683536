"""Applying the Alembic migrations in deploy/migrations to a database (what `rectiflow init` runs)."""
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(db_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    return config


def upgrade(db_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(db_url), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(db_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    from models.store.database import engine_for

    with engine_for(db_url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def shown_url(db_url: str) -> str:
    """The URL as it may be shown: without its password."""
    from sqlalchemy.engine import make_url

    return make_url(db_url).render_as_string(hide_password=True)


def schema_problem(db_url: str) -> str | None:
    """Why the database cannot be used yet (never initialised, or behind the code's schema), or None."""
    from sqlalchemy import inspect

    from models.store.database import engine_for

    if not inspect(engine_for(db_url)).has_table("alembic_version"):
        return f"数据库尚未初始化：请先运行 rectiflow init（数据库：{shown_url(db_url)}）"
    current = current_revision(db_url)
    if current == head_revision():
        return None
    if not _known(current):
        return (f"数据库结构（版本 {current}）比本程序新：请把本程序升级到与数据库一致的版本后再运行"
                f"（数据库：{shown_url(db_url)}）")
    return f"数据库结构（版本 {current}）需要升级到 {head_revision()}：请运行 rectiflow init（数据库：{shown_url(db_url)}）"


def _known(revision: str | None) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        return revision is None or ScriptDirectory.from_config(config).get_revision(revision) is not None
    except CommandError:
        return False
