"""Applying the Alembic migrations in deploy/migrations to a database (what `rectiflow init` runs), and the quick
check every command makes before it touches the database. The check reads the migration files' own revision lines
and the database's alembic_version row: importing Alembic to ask would cost every command a tenth of a second."""
import re
import sys
from functools import cache
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision = ['\"](?P<id>[^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision = (?:['\"](?P<id>[^'\"]+)['\"]|None)", re.M)


def alembic_config(db_url: str):
    from alembic.config import Config

    config = Config(stdout=sys.stdout)  # Alembic's default is the sys.stdout of when it was first imported
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    return config


def upgrade(db_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(db_url), revision)


@cache
def _revisions() -> dict[str, str | None]:
    """Each migration's revision -> the one it follows, as written in deploy/migrations/versions."""
    found = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision and down:
            found[revision["id"]] = down["id"]
    return found


def head_revision() -> str:
    revisions = _revisions()
    [head] = set(revisions) - set(revisions.values())
    return head


def current_revision(db_url: str) -> str | None:
    from sqlalchemy import text

    from models.store.database import engine_for

    with engine_for(db_url).connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


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
    return revision is None or revision in _revisions()
