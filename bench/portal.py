"""Issue 16's goal: the portal's pages as a person waits for them — `/` (我的待办), `/items` (a page of 50) and
`/approvals` — served by `rectiflow web` (uvicorn on 127.0.0.1) over the benchmark's ledger, each requested warm
by a signed-in office clerk, the chair (a tenth of the items wait on them) and a unit's liaison; p50 and p95 of the
wall time per request. Pages keep what they judged while the audit chain's head is unchanged, so the chair's `/` is
also measured right after a change: a unit's progress report before every request."""
import os
import re
import statistics
import subprocess
import time
from pathlib import Path

import httpx

from bench.commands import ROOT, SCRIPT, home_env
from bench.goals import Goal, _accepts

PAGES = ("/", "/items", "/approvals")
PEOPLE = ("整改办", "组长", "联络员1")  # the benchmark directory's office clerk, the chair, a unit's liaison
PASSWORD = "Bench-portal-2026"
P95_GOAL = 0.3


AFTER_A_CHANGE = "/ right after a change"


def portal_latencies(url: str, home: Path, size: int, requests: int = 40) -> dict[tuple[str, str], tuple[float, float]]:
    """(person, page) → (p50, p95) seconds."""
    from bench.runner import free_port
    from models.identity.accounts import set_password

    for name in PEOPLE:
        set_password(url, name, PASSWORD, "bench")
    _set_up_messages_sent(url)
    port = free_port()
    server = subprocess.Popen([str(SCRIPT), "web", "--port", str(port)], env=home_env(home, url), cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _accepts(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        timings = {(name, page): timing for name in PEOPLE
                   for page, timing in _timed_pages(base, name, requests).items()}
        timings["组长", AFTER_A_CHANGE] = _timed_pages(base, "组长", requests, _progress_reporter(url, size))["/"]
        return timings
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def _set_up_messages_sent(url: str) -> None:
    """The set-up's thousands of messages count as sent: the pages are measured on a server whose delivery loop is
    idle, as it is between working moments (delivery is measured by the delivery goals)."""
    from sqlalchemy import update

    from models.store.database import transaction
    from models.tables.outbox import PENDING, SENT, OutboxMessage

    with transaction(url) as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.status == PENDING).values(status=SENT))


def _progress_reporter(url: str, size: int):
    """Before each request: a unit's liaison reports progress on one of its items (an audited change)."""
    from bench.workloads import UNITS_PER_1000_ITEMS
    from models.domain.commands import ProgressCommand
    from models.engine.operations import perform_progress

    units = max(2, size * UNITS_PER_1000_ITEMS // 1000)  # item n is led by unit (n - 1) % units, as loaded
    reported = iter(range(1, size + 1))

    def report() -> None:
        item = next(reported)
        perform_progress(url, ProgressCommand(item_id=item, actor=f"联络员{(item - 1) % units}",
                                              text="已召开专题会议研究整改措施"))
    return report


def _timed_pages(base: str, name: str, requests: int, before_each=None) -> dict[str, tuple[float, float]]:
    with httpx.Client(base_url=base, timeout=60, follow_redirects=True) as client:
        form = client.get("/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        signed = client.post("/login", data={"login": name, "password": PASSWORD, "csrf": csrf})
        assert signed.status_code == 200 and "/login" not in str(signed.url), f"{name} could not sign in"
        timings = {}
        for page in PAGES if before_each is None else ("/",):
            for _ in range(3):  # warm: templates compiled, connections pooled
                client.get(page).raise_for_status()
            times = []
            for _ in range(requests):
                if before_each:
                    before_each()
                started = time.perf_counter()
                client.get(page).raise_for_status()
                times.append(time.perf_counter() - started)
            cuts = statistics.quantiles(times, n=20)
            timings[page] = (statistics.median(times), cuts[18])
        return timings


def portal_goals(url: str, home: Path, size: int, backend: str) -> list[Goal]:
    goals = []
    for (name, page), (p50, p95) in portal_latencies(url, home, size).items():
        goals.append(Goal(f"portal {page} as {name}, {size:,} items ({backend})",
                          f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms", f"p95 < {P95_GOAL * 1000:.0f} ms",
                          p95 < P95_GOAL))
    return goals
