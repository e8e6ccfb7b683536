"""Run as a process of its own by the fault tests: `rectiflow` with one function booby-trapped to kill the process
with SIGKILL (kill -9: no cleanup, no rollback handler, no flush) on its N-th call — before the call runs, or after
it ran and before the caller goes on (inside the open transaction).

    python dying_cli.py models.collection.steps:chase_unit 2 after collect close --week 2026-W48
"""
import importlib
import os
import signal
import sys

target, nth, when, *argv = sys.argv[1:]
module_name, _, path = target.partition(":")
owner = importlib.import_module(module_name)
*parents, name = path.split(".")
for parent in parents:
    owner = getattr(owner, parent)
real = getattr(owner, name)
calls = 0


def trapped(*args, **kwargs):
    global calls
    calls += 1
    if calls == int(nth) and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = real(*args, **kwargs)
    if calls == int(nth) and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result


setattr(owner, name, trapped)

from rectiflow.cli import main  # noqa: E402

main(argv)
