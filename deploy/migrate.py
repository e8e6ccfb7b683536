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
    if current_revision(db_url) != head_revision():
        return f"数据库结构需要升级：请运行 rectiflow init（数据库：{shown_url(db_url)}）"
    return None
