import os

# Every `rectiflow` the tests start runs in its own process, and starts no warm-start server that would outlive the
# test; tests/cli/test_cli_warm_start.py turns warm start on for its own commands, in its own runtime folder.
os.environ["RECTIFLOW_WARM_START"] = "off"

# Receivers for delivery tests (SMTP, HTTP, the vendors' robot APIs on loopback); see tests/receivers.py.
# Databases (SQLite file per test, PostgreSQL per session) and the standard test world.
import pytest
from argon2 import PasswordHasher
from databases import db_url, postgres_database, sqlite_schema, sqlite_url  # noqa: F401

# A real Prefect server on 127.0.0.1 (session-scoped, started only by tests that ask for it).
from prefect_server import prefect_server  # noqa: F401,E402
from receivers import http_receiver, loopback_only, smtp_receiver, vendor_api  # noqa: F401
from web_app import session_app, web_app  # noqa: F401
from world_copies import new_world, world, world_files  # noqa: F401

from models.domain.working_days import use_office_years
from models.identity import passwords
from models.store import kept_answers

# Argon2id with the least work it allows: at full strength every sign-in and password set in the suite costs 0.2–0.4 s
# of a core. What everyone else uses, passwords.STRONG, is checked in tests/security/test_password_hashing.py.
passwords.hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test starts with its own RECTIFLOW_HOME (no signing key, no data directory): code that reads the
    settings never touches the working directory's .rectiflow/. Tests that need a home of their own set it."""
    monkeypatch.setenv("RECTIFLOW_HOME", str(tmp_path / "rectiflow-home"))
    for name in ("RECTIFLOW_DATABASE_URL", "RECTIFLOW_AUDIT_KEY_FILE", "RECTIFLOW_DATA_DIR", "RECTIFLOW_COLLECT_INBOX"):
        monkeypatch.setenv(name, "")  # recorded first, so what the test's own code sets (the demo does) is undone
        monkeypatch.delenv(name)
    yield
    use_office_years([])  # the holiday notices a test imported are its own database's, not the next test's
    kept_answers.forget()  # answers kept for a database at the same address as the next test's


# Tiers: `make test-fast` leaves out what is marked slow, postgres, prefect or browser; `make test` runs all.
def pytest_collection_modifyitems(items):
    for item in items:
        if "shell" in item.fixturenames:  # the installed script, in a subprocess: seconds each
            item.add_marker("slow")
