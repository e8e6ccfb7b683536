"""The Alembic migrations build exactly the models' schema on SQLite and on PostgreSQL."""
import pytest
from alembic import command
from databases import fresh_postgres

from deploy.migrate import alembic_config, current_revision, upgrade


def assert_matches_models(url):
    upgrade(url)
    assert current_revision(url) is not None
    command.check(alembic_config(url))  # raises if the models and the migrated schema differ


def test_migrations_match_models_on_sqlite(tmp_path):
    assert_matches_models(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_migrations_match_models_on_postgresql():
    with fresh_postgres("rectiflow_mig") as url:
        assert_matches_models(url)


def test_the_quick_revision_check_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    from deploy.migrate import MIGRATIONS, head_revision

    config = alembic_config("sqlite://")
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
    assert str(MIGRATIONS) == config.get_main_option("script_location")
