"""What a clerk feels: each command run as a user runs it (a fresh process of the installed `rectiflow` script),
timed by its wall clock, beside the anchor of the interpreter itself (`python -c "import sqlalchemy"`). The
median of several runs, since a single start-up on a shared machine is noisy."""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
SCRIPT = Path(sys.executable).parent / "rectiflow"
RUNS = 5


def wall(argv: list[str], env: dict, stdin: str | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, input=stdin, text=True, capture_output=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stdout[-500:]}{done.stderr[-500:]}")
    return seconds


def median_wall(make_argv, env: dict, runs: int = RUNS) -> float:
    """`make_argv(n)` gives the n-th run's command (an action needs a fresh item each time)."""
    return statistics.median(wall(make_argv(n), env) for n in range(runs))


def anchor(env: dict) -> float:
    return median_wall(lambda _: [sys.executable, "-c", "import sqlalchemy"], env)


def home_env(home: Path, db_url: str) -> dict:
    return {**os.environ, "RECTIFLOW_HOME": str(home), "RECTIFLOW_DATABASE_URL": db_url,
            "NO_PROXY": "127.0.0.1,localhost"}


# (label, goal ratio to the anchor, argv for the n-th run): reading commands and one person's actions
READING = [
    ("rectiflow --help", ["--help"]),
    ("rectiflow items list", ["items", "list"]),
    ("rectiflow items show 1", ["items", "show", "1"]),
    ("rectiflow approvals list", ["approvals", "list"]),
    ("rectiflow audit log --limit 50", ["audit", "log", "--limit", "50"]),
    ("rectiflow report summary", ["report", "summary"]),
]


def acting(n: int) -> list[tuple[str, list[str]]]:
    """One person's actions on item n+1 (led by 单位n, whose liaison is 联络员n in the benchmark's directory; n < 20,
    the units of 1,000 items)."""
    item, liaison = str(n + 1), f"联络员{n}"
    return [("rectiflow act ID start", ["act", item, "start", "--as", liaison]),
            ("rectiflow progress add", ["progress", "add", item, "--as", liaison, "--text", "已完成初步整改"])]
