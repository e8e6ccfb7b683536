"""Bulk work pauses the cyclic garbage collector and always resumes it: a worker that kept it off would grow."""
import gc

import pytest

from models.store.collector import collector_paused


def test_the_collector_is_paused_during_bulk_work_and_resumed_after_it_even_when_it_fails():
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the inner one neither pauses nor resumes
            pass
        assert not gc.isenabled()
    assert gc.isenabled()

    @collector_paused()
    def failing_batch():
        assert not gc.isenabled()
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        failing_batch()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_program_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
