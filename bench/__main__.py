"""`python -m bench` (or `make bench`): the speed of the engine on generated ledgers, SQLite and PostgreSQL.

Each measurement runs in a fresh process, so its wall time and its peak memory (max RSS) are its own.
Prints one table and writes it as JSON. Not part of the test suite; nothing here asserts a speed."""
import argparse
import json
import multiprocessing
import os
import platform
import shutil
import uuid
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from bench import goals, portal, workloads
from bench.runner import measure

RESULTS = Path(__file__).parent / "results"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PORTAL_SIZE = 10_000  # issue 16: the portal's pages at 10,000 items


class Database:
    def __init__(self, backend: str, work: Path):
        self.backend, self.work = backend, work

    def __enter__(self) -> str:
        from deploy.migrate import upgrade

        if self.backend == "sqlite":
            path = self.work / f"{uuid.uuid4().hex[:8]}.db"
            self.url, self.drop = f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
        else:
            name = f"rectiflow_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'create database "{name}"'))

            def drop():
                with admin.connect() as connection:
                    connection.execute(text(f'drop database if exists "{name}" with (force)'))

            self.url, self.drop = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop
        upgrade(self.url)
        return self.url

    def __exit__(self, *exc):
        self.drop()


def analyzed(url: str) -> None:
    """PostgreSQL's statistics of the tables just loaded, as autovacuum gathers them on a server left to its defaults
    (it is switched off on these machines): a planner without them chose other plans than an office's server
    would."""
    if url.startswith("postgresql"):
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("analyze"))
        engine.dispose()


def run(sizes: list[int], backends: list[str], audit_entries: int, xlsx_rows: int, console: Console,
        out: Path) -> list[dict]:
    work = RESULTS / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rows, targets = [], []

    def record(workload, backend, size, result, note=""):
        rows.append({"workload": workload, "backend": backend, "size": size, **result, "note": note})
        save(rows, out)  # after every row: a long run stopped half-way keeps what it measured
        console.print(f"  {workload:<38} {backend:<10} {size:>9,}  {result['seconds']:>9.2f} s  "
                      f"{result['peak_mb']:>7.0f} MB  {note}", highlight=False)

    for backend in backends:
        small, large = min(sizes), max(sizes)
        with Database(backend, work) as small_url:  # kept to the end: its page is read beside the largest's
            for size in sizes:
                with nullcontext(small_url) if size == small else Database(backend, work) as url:
                    targets += measure_size(record, backend, size, url, work, large)
                    if size == large:
                        pages = goals.page_seconds(url, small_url)
                        targets.append(goals.ratio_goal(f"a page (50) of items at {large:,} ({backend})", *pages,
                                                        1.5, f"at {small:,}"))
        with Database(backend, work) as url:
            measure("fill_audit", url, audit_entries)
            analyzed(url)
            verified = measure("audit_verify", url, audit_entries)
            record("audit verify", backend, audit_entries, verified)
            bare_audit = measure("bare_audit_read", url, audit_entries)
            record("bare streaming read + sha256 of the audit rows", backend, audit_entries, bare_audit)
            targets.append(goals.ratio_goal(f"audit verify, {audit_entries:,} entries ({backend})",
                                            verified["seconds"], bare_audit["seconds"], 1.5, "bare read"))
    xlsx = workloads.xlsx_file(work / "ledger.xlsx", xlsx_rows)
    bare = measure("bare_read", xlsx)
    record("openpyxl bare read of the .xlsx", "-", xlsx_rows, bare)
    with Database(backends[0], work) as url:
        imported = measure("import_xlsx", url, xlsx)
        record("import .xlsx (read, validate, load)", backends[0], xlsx_rows, imported,
               f"import/bare read = {imported['seconds'] / bare['seconds']:.2f}")
        targets.append(goals.ratio_goal(f"import of a {xlsx_rows:,}-row .xlsx", imported["seconds"], bare["seconds"],
                                        2.0, "openpyxl bare read"))
    console.print("Goals of issue 18 (commands, the embedded default, delivery, an idle server)…", highlight=False)
    with Database("sqlite", work) as url:
        measure("load", url, 1000)
        home = work / "home"
        targets += goals.command_goals(url, home)
        targets.append(goals.idle_goal(url, home))
    targets += goals.default_path_goals(work, lambda: Database("sqlite", work), xlsx)
    targets += goals.delivery_goals()
    save(rows, out, targets)
    shutil.rmtree(work, ignore_errors=True)
    return rows, targets


def measure_size(record, backend: str, size: int, url: str, work: Path, large: int) -> list:
    """Every workload on a ledger of `size` items: its rows recorded, the goals it is measured against returned."""
    targets = []
    record("load ledger (one transaction)", backend, size, measure("load", url, size))
    analyzed(url)
    engine = measure("engine_transitions", url, size)
    record("transitions via engine", backend, size, engine)
    analyzed(url)
    core = measure("core_transitions", url, size)
    record("same writes, raw SQLAlchemy Core", backend, size, core,
           f"core/engine = {core['seconds'] / engine['seconds']:.2f}")
    data = work / f"data-{backend}-{size}"
    round_ = measure("weekly_round", url, size, data)
    record("weekly round open + close (units)", backend, size, round_)
    report = measure("reports", url, size, data)
    record("progress report (docx) + statistics", backend, size, report)
    if size == large:
        targets.append(goals.limit_goal(f"weekly round, {size:,} items ({backend})", round_["seconds"],
                                        round_["peak_mb"], 60, 500))
        targets.append(goals.limit_goal(f"report + statistics, {size:,} items ({backend})",
                                        report["seconds"], report["peak_mb"], 10, 500))
    record("export ledger (.xlsx)", backend, size, measure("export", url, size, data))
    if size == PORTAL_SIZE:
        measure("pending_extensions", url, size)
        analyzed(url)
        targets += portal.portal_goals(url, work / f"home-portal-{backend}", size, backend)
    record("daily reminders (plan + queue)", backend, size, measure("daily_reminders", url, size))
    record("`rectiflow items list --json` cold", backend, size, measure("items_list_cold", url, size))
    return targets


def run_portal(backends: list[str], out: Path) -> tuple[list[dict], list]:
    work = RESULTS / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    targets = []
    for backend in backends:
        with Database(backend, work) as url:
            measure("load", url, PORTAL_SIZE)  # then as the whole run leaves the ledger: after a round nobody answered
            measure("engine_transitions", url, PORTAL_SIZE)
            measure("core_transitions", url, PORTAL_SIZE)
            measure("weekly_round", url, PORTAL_SIZE, work / f"data-portal-{backend}")
            measure("pending_extensions", url, PORTAL_SIZE)
            analyzed(url)
            targets += portal.portal_goals(url, work / f"home-portal-{backend}", PORTAL_SIZE, backend)
    save([], out, targets)
    shutil.rmtree(work, ignore_errors=True)
    return [], targets


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="ledger sizes (items)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--audit-entries", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=10_000)
    parser.add_argument("--portal-only", action="store_true",
                        help=f"only the portal's pages at {PORTAL_SIZE:,} items (the ledger as the whole run leaves "
                             "it: loaded, started, a weekly round nobody answered, extensions waiting)")
    args = parser.parse_args()
    # every `rectiflow` the benchmark starts runs alone (a cold start is what those rows measure), except where the
    # commands' goals ask the warm-start server, in a runtime folder of their own (bench/goals.py)
    os.environ["RECTIFLOW_WARM_START"] = "off"
    console = Console()
    console.print(f"Rectiflow benchmark on {platform.node()}: {multiprocessing.cpu_count()} cores, "
                  f"Python {platform.python_version()}", highlight=False)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}.json"
    if args.portal_only:
        rows, targets = run_portal(args.backends.split(","), out)
    else:
        rows, targets = run([int(s) for s in args.sizes.split(",")], args.backends.split(","), args.audit_entries,
                            args.xlsx_rows, console, out)
    table = Table("workload", "backend", "size", "seconds", "per second", "peak MB", "note", title="Rectiflow benchmark")
    for row in rows:
        table.add_row(row["workload"], row["backend"], f"{row['size']:,}", f"{row['seconds']:.2f}",
                      f"{row['per_second']:,.0f}" if row["per_second"] else "", f"{row['peak_mb']:.0f}", row["note"])
    console.print(table)
    met = Table("goal", "measured", "target", "", title="Goals")
    for goal in targets:
        met.add_row(goal.goal, goal.measured, goal.target, "met" if goal.met else "NOT MET")
    console.print(met)
    console.print(f"written {out}")


def save(rows: list[dict], out: Path, targets: list | None = None) -> None:
    out.write_text(json.dumps({"machine": {"node": platform.node(), "cores": multiprocessing.cpu_count(),
                                           "python": platform.python_version()}, "rows": rows,
                               "goals": [vars(goal) for goal in targets or []]},
                              ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
