"""`call_each` on the embedded default: a flow's groups run `at_once` together, never more, and their results come
back in the calls' order whichever ends first (the weekly round asks two groups of units at once)."""
import threading
from types import SimpleNamespace

import pytest

from flows.runtime import call_each


def test_calls_run_two_at_once_and_answer_in_order():
    both_running = threading.Barrier(2, timeout=60)  # passes only when two calls run together
    second_done = threading.Event()
    running, most = 0, 0
    lock = threading.Lock()

    def step(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        if n < 2:
            both_running.wait()
        if n == 0:
            second_done.wait(timeout=60)  # the first call ends after the second
        if n == 1:
            second_done.set()
        with lock:
            running -= 1
        return n * 10

    results = call_each(SimpleNamespace(fn=step), [((n,), f"call-{n}") for n in range(6)], at_once=2)

    assert results == [0, 10, 20, 30, 40, 50]
    assert most == 2


def test_a_failing_call_is_raised():
    def step(n: int) -> int:
        if n == 3:
            raise ValueError("group 3")
        return n

    with pytest.raises(ValueError, match="group 3"):
        call_each(SimpleNamespace(fn=step), [((n,), "") for n in range(5)], at_once=2)


def test_a_call_beside_runs_while_the_flow_goes_on_and_answers_when_asked():
    from flows.runtime import call_beside

    flow_went_on = threading.Event()

    def step(n: int) -> int:
        assert flow_went_on.wait(timeout=60)  # would time out if the flow waited for the call
        return n * 10

    started = call_beside(SimpleNamespace(fn=step), 4)
    flow_went_on.set()
    assert started.result(timeout=60) == 40


def test_a_failing_call_beside_is_raised_when_its_answer_is_asked():
    from flows.runtime import call_beside

    def step() -> None:
        raise ValueError("the summary")

    started = call_beside(SimpleNamespace(fn=step))
    with pytest.raises(ValueError, match="the summary"):
        started.result(timeout=60)
