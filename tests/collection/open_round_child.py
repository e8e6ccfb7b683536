"""Run as a separate process by the crash test: open the round through its Prefect flow.

With a number N as first argument, the process kills itself with SIGKILL inside the transaction that
records the N-th unit's request — after its form is written and its messages are queued, before commit."""
import os
import signal
import sys

from round_world import OPEN_AT, WEEK

from models.collection import steps as collection_steps

die_at = int(sys.argv[1]) if len(sys.argv) > 1 else 0
asked = 0
record_request = collection_steps.ask_unit


def record_request_or_die(*args, **kwargs):
    global asked
    result = record_request(*args, **kwargs)
    asked += 1
    if asked == die_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return result


collection_steps.ask_unit = record_request_or_die

from flows.collection import open_round_flow  # noqa: E402
from flows.runtime import embedded_tuning  # noqa: E402

with embedded_tuning():
    report = open_round_flow("周报测试整改台账", WEEK, OPEN_AT)
print("asked:", ",".join(report.asked))
