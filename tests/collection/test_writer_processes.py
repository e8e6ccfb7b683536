"""Writing beside: a round's file work runs in a writer process of its own while the round goes on, and in the
round's own process when no process can be started."""
import os
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from models.collection import form_writers
from models.collection.form_writers import Beside


def test_a_call_beside_runs_in_a_process_of_its_own():
    with Beside(os.getpid) as written:
        assert written.result() != os.getpid()


def test_without_a_process_the_call_is_made_here(monkeypatch):
    def broken(self, function, *args):
        future = Future()
        future.set_exception(BrokenProcessPool("no process could start"))
        return future

    monkeypatch.setattr(form_writers.ProcessPoolExecutor, "submit", broken)
    with Beside(os.getpid) as written:
        assert written.result() == os.getpid()
