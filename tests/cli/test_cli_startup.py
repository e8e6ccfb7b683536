"""Each command imports only what it needs: reading commands and --help never load Prefect (≈ 2 s), the
spreadsheet, Word or chart libraries, so they answer at the speed of the interpreter."""
import json
import shutil
import subprocess
import sys

import pytest
from cli_support import SEEDED

HEAVY = ("prefect", "openpyxl", "docx", "matplotlib")
READING_COMMANDS = [["--help"], ["items", "list"], ["items", "show", "1"], ["approvals", "list"], ["audit", "log"],
                    ["report", "summary"], ["org", "list"], ["notify", "list"], ["collect", "status"]]
PROBE = """import json, sys
from rectiflow.cli import main
loaded = []
for command in json.loads(sys.argv[1]):
    try:
        main(command)
    except SystemExit:
        pass
    loaded.append([m for m in json.loads(sys.argv[2]) if m in sys.modules])
with open(sys.argv[3], "w") as out:
    json.dump(loaded, out)
"""


@pytest.fixture(scope="module")
def loaded_after(made_home, tmp_path_factory) -> dict[str, list[str]]:
    """One fresh interpreter runs the reading commands one after another on a copy of the seeded home (a process
    each cost ≈ 0.6 s): what of HEAVY is loaded after each command — everything loaded so far, so a library one
    command loads is never hidden by another."""
    home = tmp_path_factory.mktemp("startup") / "home"
    shutil.copytree(made_home(SEEDED), home)
    report = home.parent / "loaded.json"
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(READING_COMMANDS), json.dumps(HEAVY), str(report)],
                          capture_output=True, text=True, timeout=120,
                          env={"RECTIFLOW_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and report.exists(), done.stderr[-2000:]
    return dict(zip((" ".join(c) for c in READING_COMMANDS), json.loads(report.read_text()), strict=True))


@pytest.mark.parametrize("command", READING_COMMANDS, ids=[" ".join(c) for c in READING_COMMANDS])
def test_reading_commands_import_no_heavy_library(loaded_after, command):
    assert loaded_after[" ".join(command)] == [], f"rectiflow {' '.join(command)}: {loaded_after[' '.join(command)]}"
