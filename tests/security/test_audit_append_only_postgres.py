"""On PostgreSQL the migrations make the audit trail append-only: the application's own role (a member of
`rectiflow_app`, owning nothing) works normally but cannot change, delete or truncate audit entries, move the
chain's head back, or switch the triggers off; even the owner's UPDATE is refused by the trigger."""
import uuid

import pytest
from databases import PG_ADMIN_URL, fresh_postgres
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from steps import bring_to
from world import build_world

from deploy.migrate import upgrade
from models.domain.vocabulary import State
from models.queries.audit_verify import verify_audit
from models.store.database import engine_for

pytestmark = pytest.mark.postgres


@pytest.fixture
def migrated():
    """(owner URL, application URL): a fresh database migrated by its owner, and a login role in rectiflow_app."""
    login = f"rectiflow_login_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with fresh_postgres("rectiflow_ro") as owner_url:
        upgrade(owner_url)
        with admin.connect() as connection:
            connection.execute(text(f'create role "{login}" login in role rectiflow_app'))
        yield owner_url, owner_url.replace("://postgres@", f"://{login}@")
    with admin.connect() as connection:
        connection.execute(text(f'drop role if exists "{login}"'))
    admin.dispose()


def refused(url: str, sql: str) -> str:
    with pytest.raises(DBAPIError) as raised, engine_for(url).begin() as connection:
        connection.execute(text(sql))
    return str(raised.value.orig)


def test_application_role_works_but_cannot_rewrite_the_audit_trail(migrated):
    owner_url, app_url = migrated
    build_world(app_url)  # directory, ledger: the application's writes need nothing more
    bring_to(app_url, 1, State.closed)

    for sql in ("update audit_entry set reason = 'changed' where seq = 3",
                "delete from audit_entry where seq > 3",
                "truncate audit_entry cascade",
                "delete from audit_head",
                "alter table audit_entry disable trigger audit_entry_append_only",
                "drop trigger audit_entry_append_only on audit_entry"):
        assert any(word in refused(app_url, sql) for word in ("permission denied", "must be owner")), sql
    assert "only moves forward" in refused(app_url, "update audit_head set seq = seq - 1")
    assert "only moves forward" in refused(app_url, "update audit_head set seq = seq + 5")  # onto no entry

    assert "append-only" in refused(owner_url, "update audit_entry set reason = 'changed' where seq = 3")
    assert "append-only" in refused(owner_url, "delete from audit_entry")
    result = verify_audit(app_url)
    assert result.ok and result.chain.checked > 10
