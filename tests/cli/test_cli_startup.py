"""Commands that only read never import Prefect (≈ 2 s), so they answer at once."""
import subprocess
import sys

import pytest

READING_COMMANDS = [["items", "list"], ["items", "show", "1"], ["approvals", "list"], ["audit", "log"],
                    ["report", "summary"], ["org", "list"], ["notify", "list"], ["collect", "status"]]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=[" ".join(c) for c in READING_COMMANDS])
def test_reading_commands_do_not_import_prefect(seeded, home, command):
    probe = ("import sys\nfrom rectiflow.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
             "print('PREFECT_LOADED' if 'prefect' in sys.modules else 'PREFECT_NOT_LOADED', file=sys.stderr)" % command)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={"RECTIFLOW_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert "PREFECT_NOT_LOADED" in done.stderr, done.stderr[-2000:]
