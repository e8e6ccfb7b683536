"""A round killed half-way (kill -9) and run again finishes with no unit skipped and none asked twice."""
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from round_world import UNITS, build_round_world
from sqlalchemy import select

from models.store.database import reading
from models.tables.audit import AuditEntry
from models.tables.outbox import OutboxMessage

pytestmark = [pytest.mark.prefect, pytest.mark.slow]
CHILD = Path(__file__).with_name("open_round_child.py")


def run_child(db_url, home, *args):
    """The child runs in its own process group: when it dies, the temporary Prefect server it started
    is left orphaned and is killed here with the group."""
    env = {**os.environ, "RECTIFLOW_DATABASE_URL": db_url, "RECTIFLOW_HOME": str(home),
           "PYTHONPATH": os.pathsep.join([str(CHILD.parent), str(CHILD.parents[1]), str(CHILD.parents[2])])}
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "child.out", "w+") as out, open(home / "child.err", "w+") as err:
        child = subprocess.Popen([sys.executable, str(CHILD), *args], env=env, stdout=out, stderr=err,
                                 start_new_session=True)
        try:
            child.wait(timeout=300)
        finally:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        out.seek(0), err.seek(0)
        return subprocess.CompletedProcess(child.args, child.returncode, out.read(), err.read())


def test_killed_open_run_resumes_without_skipping_or_repeating_a_unit(sqlite_url, smtp_receiver, tmp_path):
    build_round_world(sqlite_url, smtp_receiver)
    killed = run_child(sqlite_url, tmp_path / "home", "3")
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    with reading(sqlite_url) as session:
        asked_before = session.scalars(select(AuditEntry).where(AuditEntry.kind == "progress_requested")).all()
    assert len(asked_before) == 2  # the third unit's transaction died uncommitted

    resumed = run_child(sqlite_url, tmp_path / "home")
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert len(resumed.stdout.split("asked:")[1].strip().split(",")) == len(UNITS) - 2

    with reading(sqlite_url) as session:
        requests = session.scalars(select(AuditEntry).where(AuditEntry.kind == "progress_requested")).all()
        messages = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "progress_requested")).all()
    assert Counter(e.data["unit"] for e in requests) == {unit: 1 for unit in UNITS}
    assert Counter(m.context["unit"] for m in messages) == {unit: 2 for unit in UNITS}  # liaison and head, once each
