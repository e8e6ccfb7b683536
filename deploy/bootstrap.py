"""What the one-shot deployer of a province installation runs (`rectiflow deploy`): wait for the database, migrate,
wait for the Prefect server, make the work pool, declare the deployments of deploy/prefect.yaml — waiting for what
is not up yet instead of failing, within a deadline, and saying in Chinese what it waits for. Workers start through
`rectiflow worker`, which refuses a database whose schema is not this code's."""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from models.domain.refusals import Refused

PREFECT_YAML = Path(__file__).with_name("prefect.yaml")
CODE_DIR = Path(__file__).parents[1]
POLL_SECONDS = 2.0


class NotReady(Refused):
    pass


def wait_until_ready(check: Callable[[], str | None], what: str, deadline_seconds: float,
                     say: Callable[[str], None]) -> None:
    """Poll `check` (None: ready; otherwise why not) until it is ready or the deadline has passed."""
    deadline, said = time.monotonic() + deadline_seconds, None
    while (why := check()) is not None:
        if time.monotonic() >= deadline:
            raise NotReady(f"{what}在 {deadline_seconds:g} 秒内没有就绪（{why}），未部署任何内容；请检查后重试")
        if why != said:
            say(f"等待{what}就绪：{why}…")
            said = why
        time.sleep(POLL_SECONDS)


def database_problem(db_url: str) -> str | None:
    from sqlalchemy import text

    from models.store.database import engine_for

    try:
        with engine_for(db_url).connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # any reason not to answer yet: refused, starting up, DNS not ready
        return f"数据库暂时无法连接（{type(error).__name__}）"
    return None


def prefect_problem(api_url: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=5) as answer:
            return None if answer.status == 200 else f"健康检查返回 HTTP {answer.status}"
    except urllib.error.HTTPError as error:
        return f"健康检查返回 HTTP {error.code}"
    except OSError as error:
        return f"无法连接 {api_url}（{type(error).__name__}）"


def prefect_command() -> str:
    return str(Path(sys.executable).parent / "prefect")


def _prefect(*args: str, log: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([prefect_command(), *args], capture_output=True, text=True, cwd=CODE_DIR,
                          env={**os.environ, "RECTIFLOW_CODE_DIR": os.environ.get("RECTIFLOW_CODE_DIR", str(CODE_DIR))})
    with log.open("a", encoding="utf-8") as file:
        file.write(f"$ prefect {' '.join(args)}\n{done.stdout}{done.stderr}\n")
    return done


def deploy_flows(api_url: str, pool: str, deadline_seconds: float, say: Callable[[str], None], log: Path) -> None:
    wait_until_ready(lambda: prefect_problem(api_url), f"Prefect 服务器（{api_url}）", deadline_seconds, say)
    log.parent.mkdir(parents=True, exist_ok=True)
    if _prefect("work-pool", "inspect", pool, log=log).returncode != 0:
        if _prefect("work-pool", "create", pool, "--type", "process", log=log).returncode != 0:
            raise Refused(f"无法创建工作池 {pool}（详见 {log}）")
        say(f"已创建工作池 {pool}")
    done = _prefect("--no-prompt", "deploy", "--prefect-file", str(PREFECT_YAML), "--all", log=log)
    if done.returncode != 0:
        raise Refused(f"部署流程失败（prefect deploy 退出码 {done.returncode}，详见 {log}）")


def exec_worker(pool: str, limit: int | None) -> None:
    """Become the Prefect worker process (so that signals and the exit code are the worker's)."""
    args = [prefect_command(), "worker", "start", "--pool", pool, "--with-healthcheck"]
    os.execv(args[0], args + (["--limit", str(limit)] if limit else []))
