"""Running `rectiflow` in a process of its own that kills itself with SIGKILL at a chosen point (dying_cli.py)."""
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from models.queries.audit_verify import verify_audit

CHILD = Path(__file__).with_name("dying_cli.py")
ROOT = Path(__file__).parents[2]


def run_dying(home: Path, trap: str, nth: int, when: str, *args, db_url: str | None = None, extra_env=None,
              timeout=300):
    """Run `rectiflow ARGS` with `trap` (module:function) killing it at its nth call; the process group (and a
    temporary Prefect server it may have started) is killed at the end whatever happened."""
    env = {**os.environ, "RECTIFLOW_HOME": str(home), "PYTHONPATH": str(ROOT),
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    if db_url:
        env["RECTIFLOW_DATABASE_URL"] = db_url
    env.update(extra_env or {})
    # output to a file, not a pipe: a temporary Prefect server the child started keeps a pipe open after it died
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        child = subprocess.Popen([sys.executable, str(CHILD), trap, str(nth), when, *map(str, args)], env=env,
                                 cwd=home.parent, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            child.wait(timeout=timeout)
        finally:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        output.seek(0)
        return child.returncode, output.read()


def assert_killed(returncode: int, output: str) -> None:
    assert returncode == -signal.SIGKILL, f"the trap was not reached (exit {returncode}): {output[-2000:]}"


def assert_chain_and_ledger_agree(db_url: str) -> None:
    result = verify_audit(db_url)
    assert result.ok, (result.chain, result.problems)
