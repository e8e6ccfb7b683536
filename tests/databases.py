"""Databases for tests: a fresh SQLite file per test (a copy of one made with the schema once per session), and
(where it runs) a PostgreSQL database per session, emptied between tests. Outside CI a missing PostgreSQL skips its
tests with the reason; in CI it fails."""
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text

from models.store.database import engine_for
from models.tables.schema import Base

PG_ADMIN_URL = os.environ.get("RECTIFLOW_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@event.listens_for(Engine, "connect")
def _no_fsync(dbapi_connection, _record):
    """A test's SQLite file needs no durability across a power cut: without an fsync at every commit a test's
    database costs a fraction of the wall time. Nothing else changes (WAL, locking, foreign keys as in production)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


def postgres_unavailable() -> str | None:
    try:
        with create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3}).connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:  # any reason to be unreachable
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"
    return None


def require_postgres() -> None:
    reason = postgres_unavailable()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: PostgreSQL must be up)")
    if reason:
        pytest.skip(reason)


@contextmanager
def fresh_postgres(prefix: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database (no schema), dropped afterwards."""
    require_postgres()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create database "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        engine_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    require_postgres()
    name = f"rectiflow_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create database "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    Base.metadata.create_all(engine_for(url))
    yield url
    engine_for(url).dispose()
    engine_for.cache_clear()
    with admin.connect() as connection:
        connection.execute(text(f'drop database if exists "{name}" with (force)'))
    admin.dispose()


def empty_postgres(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine_for(url).begin() as connection:
        connection.execute(text(f"truncate {tables} restart identity cascade"))


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> Path:
    """A SQLite file with the schema and nothing in it, made once per session."""
    path = tmp_path_factory.mktemp("schema") / "rectiflow.db"
    url = f"sqlite:///{path}"
    Base.metadata.create_all(engine_for(url))
    engine_for(url).dispose()  # the last connection closed: the WAL is checkpointed into the file and removed
    return path


@pytest.fixture
def sqlite_url(sqlite_schema, tmp_path) -> str:
    """An empty SQLite database with the schema: a copy of the session's (creating the tables costs ~50 ms)."""
    path = tmp_path / "rectiflow.db"
    shutil.copyfile(sqlite_schema, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """An empty database with the schema, on each back end."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    url = request.getfixturevalue("postgres_database")
    empty_postgres(url)
    return url
