"""Running `rectiflow` the way a user does: in-process through `main(argv)` (fast), or as the installed
console script in a subprocess (exit codes as a shell sees them). Each test has its own RECTIFLOW_HOME."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import ORGANISED, SCRIPT, SEEDED, Result

from models.settings import Settings
from models.store.database import engine_for
from rectiflow.cli import main
from rectiflow.cli.context import console, state


def _use_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RECTIFLOW_HOME=home; settings and the --db choice reset, no stray .env or database URL."""
    for name in ("RECTIFLOW_DATABASE_URL", "RECTIFLOW_DATA_DIR", "RECTIFLOW_NOTIFY_FALLBACK_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RECTIFLOW_HOME", str(home))
    monkeypatch.chdir(home.parent)  # Settings also reads ./.env
    monkeypatch.setattr(state, "settings", Settings())
    monkeypatch.setattr(state, "db", None)
    monkeypatch.setattr(console, "_width", 200)  # tables as wide as a desktop terminal, not 80 columns


def _leave_home(home: Path) -> None:
    engine_for(f"sqlite:///{(home / 'rectiflow.db').resolve()}").dispose()
    engine_for.cache_clear()


def _run(args) -> int:
    """`rectiflow *args` in this process: its exit code."""
    try:
        main([str(a) for a in args])
        return 0
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        state.db = None


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh RECTIFLOW_HOME (not yet created)."""
    home = tmp_path / "home"
    _use_home(home, monkeypatch)
    yield home
    _leave_home(home)


@pytest.fixture
def cli(home, capsys):
    """cli("items", "list", "--json") -> Result of running `rectiflow items list --json` in this process."""

    def run(*args) -> Result:
        capsys.readouterr()
        code = _run(args)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def shell(home):
    """shell("items", "list") -> Result of the installed `rectiflow` script run in a subprocess."""

    def run(*args, script=(str(SCRIPT),), timeout=120, extra_env=None, stdin=None) -> Result:
        env = {**os.environ, "RECTIFLOW_HOME": str(home), **(extra_env or {})}
        done = subprocess.run([*script, *map(str, args)], capture_output=True, text=True, env=env,
                              cwd=home.parent, timeout=timeout, input=stdin)
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(scope="session")
def made_home(tmp_path_factory):
    """made_home(commands) → a RECTIFLOW_HOME as these commands leave it, made once per session (init, org import
    and import cost about a second); a test copies it into its own home, never changes it."""
    made: dict[tuple, Path] = {}

    def make(commands: tuple) -> Path:
        if commands not in made:
            home = tmp_path_factory.mktemp("made") / "home"
            with pytest.MonkeyPatch.context() as monkeypatch:
                _use_home(home, monkeypatch)
                for args in commands:
                    assert _run(args) == 0, f"rectiflow {' '.join(map(str, args))} failed (its output is above)"
                _leave_home(home)  # the last connection closed: the database is one file again
            made[commands] = home
        return made[commands]

    return make


@pytest.fixture
def organised(cli, home, made_home):
    """cli, in a home as `rectiflow init` and `org import` of the seed-003 organisation leave it."""
    shutil.copytree(made_home(ORGANISED), home, dirs_exist_ok=True)
    return cli


@pytest.fixture
def seeded(cli, home, made_home):
    """cli, in a home as `rectiflow init`, `org import` and `import --direct` of the seed-003 samples leave it."""
    shutil.copytree(made_home(SEEDED), home, dirs_exist_ok=True)
    return cli


@pytest.fixture
def write_xlsx(tmp_path: Path):
    """write_xlsx(rows) -> path of a real .xlsx whose sheet 整改台账 holds the rows."""
    from openpyxl import Workbook

    def write(rows, name="ledger.xlsx") -> Path:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "整改台账"
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write
