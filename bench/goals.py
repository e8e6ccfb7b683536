"""Issue 18's goals, measured side by side with their anchors in one run: what a clerk waits for at the command
line, the embedded default against the direct path, delivery against a bare smtplib loop, a page of items at two
sizes, audit verify against a bare read, the import against openpyxl's bare read, the province-scale rows, and the
CPU an idle server uses. Each goal is printed beside its measurement with met / not met."""
import os
import shutil
import smtplib
import statistics
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.commands import ROOT, SCRIPT, acting, anchor, home_env, median_wall, wall

READING_GOAL, ACTING_GOAL, DEFAULT_PATH_GOAL = 1.5, 2.0, 1.5


@dataclass
class Goal:
    goal: str
    measured: str
    target: str
    met: bool


def command_goals(url: str, home: Path) -> list[Goal]:
    """Reading commands ≤ 1.5× and one person's actions ≤ 2× `python -c "import sqlalchemy"`, as the script runs them
    by default (answered by the warm-start server, rectiflow/warm), each beside the same command run alone."""
    from bench.commands import READING

    alone = home_env(home, url)  # RECTIFLOW_WARM_START=off: set for the whole benchmark
    served = {**alone, "RECTIFLOW_WARM_START": "on", "XDG_RUNTIME_DIR": str(home.parent / "run")}
    base = anchor(alone)
    goals = [Goal("python -c \"import sqlalchemy\" (anchor)", f"{base:.2f} s", "—", True)]

    def goal(label: str, limit: float, argv_of) -> Goal:
        warm, cold = (median_wall(lambda n: [str(SCRIPT), *argv_of(n, by_itself)], env)
                      for by_itself, env in ((False, served), (True, alone)))
        return Goal(label, f"{warm:.2f} s = {warm / base:.1f}× (run alone {cold:.2f} s = {cold / base:.1f}×)",
                    f"≤ {limit}×", warm / base <= limit)

    with warm_server(served):
        for label, argv in READING:
            goals.append(goal(label, READING_GOAL, lambda n, by_itself, argv=argv: argv))
        for position, label in enumerate(("rectiflow act ID start", "rectiflow progress add")):
            goals.append(goal(label, ACTING_GOAL, lambda n, by_itself, position=position:
                              acting(n + 10 * position + 5 * by_itself)[position][1]))  # an item of its own each run
    return goals


@contextmanager
def warm_server(env: dict):
    """This user's warm-start server for `env`'s runtime folder, started as the script starts it (by a command run
    without one) and stopped at the end."""
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    deadline = time.monotonic() + 120
    while "已处理" not in subprocess.run([str(SCRIPT), "warm", "status"], env=env, capture_output=True,
                                       text=True).stdout:  # served
        if time.monotonic() > deadline:
            raise RuntimeError("the warm-start server did not start within 120 s")
    try:
        yield
    finally:
        subprocess.run([str(SCRIPT), "warm", "stop"], env=env, capture_output=True)


def default_path_goals(work: Path, make_database, xlsx: Path) -> list[Goal]:
    """`import` and `notify dispatch` on the embedded default against their --direct path (≤ 1.5×)."""
    goals = []
    timings = {}
    for path in ("direct", "default"):
        with make_database() as url:
            home = work / f"home-{path}"
            env = home_env(home, url)
            extra = ["--direct"] if path == "direct" else []
            timings["import", path] = wall([str(SCRIPT), "import", str(xlsx), *extra], env)
            timings["dispatch", path] = wall([str(SCRIPT), "notify", "dispatch", *extra], env)
            shutil.rmtree(home, ignore_errors=True)
    for command in ("import", "dispatch"):
        ratio = timings[command, "default"] / timings[command, "direct"]
        goals.append(Goal(f"rectiflow {'notify dispatch' if command == 'dispatch' else 'import'} (embedded default)",
                          f"{timings[command, 'default']:.2f} s = {ratio:.2f}× --direct "
                          f"({timings[command, 'direct']:.2f} s)", f"≤ {DEFAULT_PATH_GOAL}×", ratio <= DEFAULT_PATH_GOAL))
    return goals


# ---- delivery ------------------------------------------------------------------------------------------------

class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def _receive(smtp_port: int, hook_port: int, ready, stop) -> None:
    """The receivers, in a process of their own: they must not share the dispatcher's interpreter lock."""
    from aiosmtpd.controller import Controller

    class Accept:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    smtp = Controller(Accept(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    hook = ThreadingHTTPServer(("127.0.0.1", hook_port), _Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    ready.set()
    stop.wait()
    smtp.stop()
    hook.shutdown()


def delivery_goals(messages: int = 500) -> list[Goal]:
    """Messages through the dispatcher to a loopback SMTP server and a loopback webhook (≥ 100/s each), beside a
    bare smtplib loop sending the same number over one connection."""
    import multiprocessing

    from bench.runner import free_port

    context = multiprocessing.get_context("spawn")
    smtp_port, hook_port = free_port(), free_port()
    ready, stop = context.Event(), context.Event()
    receivers = context.Process(target=_receive, args=(smtp_port, hook_port, ready, stop))
    receivers.start()
    try:
        ready.wait(60)
        bare = _bare_smtplib(smtp_port, messages)
        mail = _dispatch_rate(f"mailto://rectiflow@example.gov.cn?smtp=127.0.0.1&port={smtp_port}"
                              f"&to=receiver@example.gov.cn&from=rectiflow@example.gov.cn&mode=insecure", messages)
        webhook = _dispatch_rate(f"json://127.0.0.1:{hook_port}/hook", messages)
    finally:
        stop.set()
        receivers.join(timeout=30)
    return [Goal("bare smtplib, one connection (anchor)", f"{bare:,.0f} messages/s", "—", True),
            Goal("delivery to a loopback SMTP server", f"{mail:,.0f} messages/s", "≥ 100/s", mail >= 100),
            Goal("delivery to a loopback webhook", f"{webhook:,.0f} messages/s", "≥ 100/s", webhook >= 100)]


def _bare_smtplib(port: int, messages: int) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as connection:
        for n in range(messages):
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = "a@example.gov.cn", "b@example.gov.cn", f"消息{n}"
            message.set_content("整改事项已开始整改。")
            connection.send_message(message)
    return messages / (time.perf_counter() - started)


def _dispatch_rate(address: str, messages: int) -> float:
    """Queue `messages` to `address` on a fresh SQLite database and time one dispatch of them all."""
    import tempfile
    from dataclasses import replace
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from deploy.migrate import upgrade
    from models.store.database import engine_for
    from models.tables.audit import AuditEntry, AuditHead
    from models.tables.outbox import OutboxMessage
    from notifications.dispatcher import DispatchConfig, dispatch_due

    folder = Path(tempfile.mkdtemp(prefix="rectiflow-bench-"))
    url = f"sqlite:///{folder / 'outbox.db'}"
    upgrade(url)
    now = datetime.now(timezone.utc)
    with engine_for(url).begin() as connection:
        connection.execute(insert(AuditEntry), [{"seq": 1, "at": now, "kind": "item_started", "actor_id": None,
                                                 "actor_name": "基准", "data": {}, "prev_hash": "0" * 64,
                                                 "hash": "1" * 64}])
        connection.execute(insert(AuditHead).values(id=1, seq=1, hash="1" * 64))
        connection.execute(insert(OutboxMessage), [
            {"audit_seq": 1, "event": "item_started", "recipient": f"收件人{n}", "address": address,
             "context": {"campaign": "基准", "item_id": n, "number": str(n), "text": "问题", "unit": "办公室",
                         "state": "正在整改", "deadline": None, "deadline_text": "2027年6月底", "leader": "组长",
                         "actor": "联络员", "at": now.isoformat()},
             "attachments": [], "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}
            for n in range(messages)])
    config = replace(DispatchConfig(db_url=url, fallback_url=None, sink_path=str(folder / "messages.log")),
                     allowed_hosts=frozenset({"127.0.0.1"}))
    started = time.perf_counter()
    report = dispatch_due(config)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    assert report.sent == messages, report.errors[:3]
    return messages / seconds


# ---- an idle server ------------------------------------------------------------------------------------------

def idle_goal(url: str, home: Path, seconds: float = 60) -> Goal:
    """CPU used by an idle `rectiflow web` (the API, the portal and the delivery loop) over `seconds`."""
    from bench.runner import free_port

    env = home_env(home, url)
    port = free_port()
    server = subprocess.Popen([str(SCRIPT), "web", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _accepts(port) and time.monotonic() < deadline:  # start-up is not idleness
            time.sleep(0.2)
        before = _cpu_seconds(server.pid)
        time.sleep(seconds)  # the measurement window
        used = _cpu_seconds(server.pid) - before
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    share = used / seconds * 100
    return Goal(f"idle `rectiflow web` over {seconds:.0f} s", f"{share:.2f} % of a core", "< 2 %", share < 2)


def _accepts(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, from /proc (clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ratio_goal(label: str, measured: float, anchor_seconds: float, limit: float, anchor_label: str) -> Goal:
    ratio = measured / anchor_seconds
    return Goal(label, f"{measured:.2f} s = {ratio:.2f}× {anchor_label} ({anchor_seconds:.2f} s)", f"≤ {limit}×",
                ratio <= limit)


def limit_goal(label: str, seconds: float, peak_mb: float, max_seconds: float, max_mb: float) -> Goal:
    return Goal(label, f"{seconds:.1f} s, {peak_mb:.0f} MB", f"< {max_seconds:g} s, < {max_mb:g} MB",
                seconds < max_seconds and peak_mb < max_mb)


def page_seconds(*urls: str) -> list[float]:
    """The first page (50) of `items list` of each database as a running server reads it: the median of 31 warm
    reads, the databases read in turn (a read is a few milliseconds: read minutes apart, as the ledgers were
    built, the machine's mood between them flipped the ratio)."""
    from datetime import date

    from models.queries.items import list_items

    times: list[list[float]] = [[] for _ in urls]
    for url in urls:
        list_items(url, date(2026, 11, 30), limit=50)
    for _ in range(31):
        for url, mine in zip(urls, times):
            started = time.perf_counter()
            list_items(url, date(2026, 11, 30), limit=50)
            mine.append(time.perf_counter() - started)
    return [statistics.median(mine) for mine in times]



