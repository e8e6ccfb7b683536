"""The Alembic migrations build exactly the models' schema on SQLite and on PostgreSQL."""
import uuid

import pytest
from alembic import command
from databases import PG_ADMIN_URL, require_postgres
from sqlalchemy import create_engine, text

from deploy.migrate import alembic_config, current_revision, upgrade


def assert_matches_models(url):
    upgrade(url)
    assert current_revision(url) is not None
    command.check(alembic_config(url))  # raises if the models and the migrated schema differ


def test_migrations_match_models_on_sqlite(tmp_path):
    assert_matches_models(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_migrations_match_models_on_postgresql():
    require_postgres()
    name = f"rectiflow_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create database "{name}"'))
    try:
        assert_matches_models(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        from models.store.database import engine_for

        engine_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f'drop database "{name}" with (force)'))
