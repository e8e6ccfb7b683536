"""Run as a separate process by the crash test: open the round through its Prefect flow.

With a number N as first argument, the process kills itself with SIGKILL inside the transaction that
records the N-th unit's request — after its form is written and its messages are queued, before commit. Units
are asked two to a transaction here, so the first two are committed when the third dies."""
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


if __name__ == "__main__":
    collection_steps.ask_unit = record_request_or_die
    import flows.collection
    from flows.runtime import embedded_tuning

    flows.collection.UNITS_PER_TASK = 2  # a group's requests are recorded in one transaction: commit after two
    with embedded_tuning():
        report = flows.collection.open_round_flow("周报测试整改台账", WEEK, OPEN_AT)
    print("asked:", ",".join(report.asked))
