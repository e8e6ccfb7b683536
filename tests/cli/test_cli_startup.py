"""Each command imports only what it needs: reading commands and --help never load Prefect (≈ 2 s), the
spreadsheet, Word or chart libraries, so they answer at the speed of the interpreter."""
import subprocess
import sys

import pytest

HEAVY = ("prefect", "openpyxl", "docx", "matplotlib")
READING_COMMANDS = [["--help"], ["items", "list"], ["items", "show", "1"], ["approvals", "list"], ["audit", "log"],
                    ["report", "summary"], ["org", "list"], ["notify", "list"], ["collect", "status"]]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=[" ".join(c) for c in READING_COMMANDS])
def test_reading_commands_import_no_heavy_library(seeded, home, command):
    probe = ("import sys\nfrom rectiflow.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
             "print('LOADED:' + ','.join(m for m in %r if m in sys.modules), file=sys.stderr)" % (command, HEAVY))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={"RECTIFLOW_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert "LOADED:\n" in done.stderr, done.stderr[-2000:]
