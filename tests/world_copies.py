"""The standard worlds (tests/world.py, with or without accounts) built once per session on SQLite and copied into
each test's database: building one costs ~50 ms. On PostgreSQL each test builds its own."""
import shutil
from pathlib import Path

import pytest
from accounts import give_accounts
from sqlalchemy.engine import make_url
from world import World, build_world

from models.store.database import engine_for


def _build(db_url: str, items: int, cooperating: tuple[str, ...], accounts: bool) -> None:
    build_world(db_url, items=items, cooperating=list(cooperating))
    if accounts:
        give_accounts(db_url)


@pytest.fixture(scope="session")
def world_files() -> dict[tuple, Path]:
    """(items, cooperating units, accounts) → the SQLite file holding that world, made at its first use."""
    return {}


@pytest.fixture
def new_world(db_url, sqlite_schema, world_files, tmp_path_factory):
    """new_world(items=3, cooperating=(), accounts=False) → this test's empty database with the world built in it
    (accounts: everyone can sign in with accounts.PASSWORD)."""
    def make(items: int = 3, cooperating: tuple[str, ...] = (), accounts: bool = False) -> World:
        if make_url(db_url).get_backend_name() != "sqlite":
            _build(db_url, items, cooperating, accounts)
            return World(db_url)
        key = (items, cooperating, accounts)
        if key not in world_files:
            path = tmp_path_factory.mktemp("world") / "rectiflow.db"
            shutil.copyfile(sqlite_schema, path)
            _build(f"sqlite:///{path}", *key)
            engine_for(f"sqlite:///{path}").dispose()  # the WAL checkpointed into the file
            world_files[key] = path
        engine_for(db_url).dispose()
        shutil.copyfile(world_files[key], make_url(db_url).database)
        return World(db_url)

    return make


@pytest.fixture
def world(new_world) -> World:
    return new_world()
