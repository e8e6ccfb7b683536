"""Engines and sessions for SQLite (embedded default) and PostgreSQL. (Writing: models/store/unit_of_work.py.)"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, wraps
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

import models.tables.schema  # noqa: F401  (every table known to the metadata, whichever models a process imported)


def _prepare_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN; take control so that every write
    # transaction starts with BEGIN IMMEDIATE and two writers serialise instead of failing late. A read (`reading`)
    # begins deferred and may not write: in WAL mode it reads a snapshot beside any writer and any other reader
    # (begun IMMEDIATE too, a ten-second report held every writer back, and a process reading beside it waited).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if connection.get_execution_options().get(READING):
            connection.exec_driver_sql("PRAGMA query_only=1")
            connection.info[READING] = True
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record):
        if record.info.pop(READING, False):  # the next user of the connection may write
            dbapi_connection.execute("PRAGMA query_only=0")


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        _prepare_sqlite(engine)
        return engine
    if parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


READING = "rectiflow_reading"  # an execution option: the connection's transaction only reads


def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


@lru_cache(maxsize=8)
def reading_engine_for(url: str) -> Engine:
    return engine_for(url).execution_options(**{READING: True})


@contextmanager
def transaction(url: str) -> Iterator[Session]:
    """A plain transaction: commit when the block ends normally, roll back on any exception. For bookkeeping
    that is not a change of the ledger (outbox deliveries); changes go through the unit of work."""
    with session_factory(url)() as session, session.begin():
        yield session


@contextmanager
def reading(url: str) -> Iterator[Session]:
    """A session that only reads (on SQLite it cannot write, and waits for no writer)."""
    with Session(reading_engine_for(url), expire_on_commit=False) as session:
        yield session


def read_only(query: Callable) -> Callable:
    """Let a read model that takes a session also be called with a database URL: it then reads in a session
    of its own. The command line and Prefect tasks call it so, with what it returns (pydantic models, plain
    values), and never hold a session themselves."""
    @wraps(query)
    def read(db: str | Session, *args, **kwargs):
        if isinstance(db, Session):
            return query(db, *args, **kwargs)
        with reading(db) as session:
            return query(session, *args, **kwargs)
    return read
