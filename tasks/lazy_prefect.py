"""The project's flows and tasks, made Prefect flows and tasks only when Prefect is needed; and the settings Prefect
is imported with (nothing may import prefect before this module: flows/runtime.py imports it first).

`@flow(...)` and `@task(...)` keep the decorated function as `.fn` and make the Prefect object from it with the same
options: at once when Prefect is already loaded (a worker, `rectiflow serve`, `prefect deploy` loading an entrypoint,
which must find a real `Flow`), otherwise the first time anything else is asked of it (a tracked run, a deployment,
`with_options`, `name`). A command on the embedded default calls only `.fn` (flows/runtime.py) and so never imports
Prefect, ≈ 0.8 s of a command's start here. Every task is uncached: they all write.

Measured here (../shared/prefect-notes.md): a fresh temporary server can take longer than its default 20 s
start-up timeout, analytics on a fresh start logged "database is locked". Values already set in the environment win.
"""
import os
import sys
from functools import cached_property, update_wrapper

DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
for _name, _value in DEFAULTS.items():
    os.environ.setdefault(_name, _value)


def flow(**options):
    return lambda fn: _prefect_or_lazy("flow", fn, options)


def task(**options):
    return lambda fn: _prefect_or_lazy("task", fn, options)


def _prefect_or_lazy(kind: str, fn, options: dict):
    return _build(kind, fn, options) if "prefect" in sys.modules else Lazy(kind, fn, options)


def _build(kind: str, fn, options: dict):
    import prefect
    from prefect.cache_policies import NO_CACHE

    if kind == "task":
        options = {"cache_policy": NO_CACHE, **options}
    return getattr(prefect, kind)(**options)(fn)


class Lazy:
    """A flow or task whose Prefect object is built the first time it is needed."""

    def __init__(self, kind: str, fn, options: dict):
        self.fn, self._kind, self._options = fn, kind, options
        update_wrapper(self, fn)

    @cached_property
    def prefect(self):
        return _build(self._kind, self.fn, self._options)

    def __call__(self, *args, **kwargs):
        return self.prefect(*args, **kwargs)

    def __getattr__(self, name: str):  # only what the object itself lacks: to_deployment, with_options, name, …
        if name.startswith("_") or name == "prefect":
            raise AttributeError(name)
        return getattr(self.prefect, name)
