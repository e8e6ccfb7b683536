"""How the project's flows run (import this module before prefect: tasks/lazy_prefect.py sets Prefect's settings).

With a Prefect server configured (PREFECT_API_URL), a flow a command starts runs there: tracked, its tasks
retried, visible in the UI. Without one — the embedded default — the same flow code runs as plain functions in
this process, and Prefect is not even imported: it would otherwise start a temporary server first (11–28 s measured
here) only to record runs nobody can look at, and importing it costs ≈ 0.8 s. `start` chooses; inside a flow, `call`
runs each task (or subflow) the same way its flow runs.

Whether a server is configured is Prefect's own settings' answer (environment, profile, prefect.toml, .env,
pyproject.toml); they are loaded only when one of those sources could name an API URL (`_may_name_a_server`).
Flow heartbeats add about one second to every flow run (../shared/prefect-notes.md): off without a server.
"""
import os
import sys
import tomllib
from contextlib import contextmanager
from pathlib import Path

import tasks.lazy_prefect  # noqa: F401  (Prefect's settings, before anything imports prefect)


def server_configured() -> bool:
    if not _may_name_a_server():
        return False
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


def _may_name_a_server() -> bool:
    """False only when no source Prefect reads settings from could set PREFECT_API_URL: not the environment, not
    the active profile of the profiles file, no prefect.toml, no PREFECT_ line in .env, no [tool.prefect] in
    pyproject.toml (the last three in the working directory). Prefect already loaded: it may hold temporary
    settings, ask it."""
    if "prefect" in sys.modules or any(name.startswith("PREFECT_API") for name in os.environ):
        return True
    local = {".env": "PREFECT_", "prefect.toml": "", "pyproject.toml": "[tool.prefect"}
    return _profile_may_name_a_server() or any(_mentions(Path(name), word) for name, word in local.items())


def _profile_may_name_a_server() -> bool:
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False  # Prefect's bundled profiles: the active one ("ephemeral") names no server
    except (OSError, ValueError):
        return True  # unreadable here: let Prefect say what it makes of it
    profiles = document.get("profiles", {})
    active = os.environ.get("PREFECT_PROFILE") or document.get("active")
    chosen = [profiles.get(active, {})] if active else profiles.values()
    return any("PREFECT_API_URL" in profile for profile in chosen)


def _mentions(path: Path, word: str) -> bool:
    try:
        return word in path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # unreadable here: let Prefect decide


@contextmanager
def embedded_tuning():
    """Without a Prefect server nobody watches heartbeats: switch them off to save ~1 s per run."""
    if server_configured():
        yield
        return
    from prefect.settings import temporary_settings

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


def start(flow, *args, run_tags: tuple[str, ...] = (), **kwargs):
    """Run a flow from a command: on the configured Prefect server (tagged `run_tags`), or as its plain function
    here."""
    if not server_configured():
        return flow.fn(*args, **kwargs)
    from prefect import tags

    with tags(*run_tags):
        return flow(*args, **kwargs)


def call(step, *args, name: str | None = None, **kwargs):
    """Inside a flow: a task (named `name` in the UI) or a subflow, tracked when the flow is, plain otherwise."""
    context = sys.modules.get("prefect.context")  # not loaded: no flow run can be under way
    if context is None or context.FlowRunContext.get() is None:
        return step.fn(*args, **kwargs)
    if name is not None:
        step = step.with_options(task_run_name=name)
    return step(*args, **kwargs)


def call_beside(step, *args):
    """Inside a flow: `step(*args)` started, the flow going on beside it (a thread here, the flow's task runner when
    tracked); `.result()` waits for it, and raises what it raised."""
    context = sys.modules.get("prefect.context")
    if context is None or context.FlowRunContext.get() is None:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(1)
        started = pool.submit(step.fn, *args)
        pool.shutdown(wait=False)  # the thread ends with the call
        return started
    return step.submit(*args)


def call_each(step, calls: list[tuple[tuple, str]], at_once: int) -> list:
    """Inside a flow: `step` over each (arguments, name), `at_once` of them running together (threads here, the
    flow's task runner when tracked); their results in the calls' order. The first failure is raised once the
    calls running with it have ended."""
    context = sys.modules.get("prefect.context")
    if context is None or context.FlowRunContext.get() is None:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(at_once) as pool:
            return list(pool.map(lambda args: step.fn(*args), [args for args, _ in calls]))
    from collections import deque

    running, results = deque(), []
    for args, name in calls:
        if len(running) == at_once:
            results.append(running.popleft().result())
        running.append(step.with_options(task_run_name=name).submit(*args))
    return results + [future.result() for future in running]
