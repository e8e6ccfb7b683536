"""The processes that write a round's files beside this one (writing is CPU-bound: a province's 2,000 forms are most
of a round, its summary's 100,000 rows most of the close).

Forkserver: workers forked from a clean server that has the writers loaded already (cheap to start, and no copy of
this process's threads, database connections or locks). A pool lives for one group's forms, or one file: one kept
for the process would hold a multiprocessing child (the benchmark's, a test's) at its exit, which waits for its
children. The round asks two groups at once, so while one group waits for its last form the other's writers are
busy."""
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from models.collection.form_spec import FormSpec
from models.collection.form_writer import write_form

logger = logging.getLogger(__name__)
PARALLEL_FROM = 8  # forms in a group worth starting writer processes for
SHARES_PER_WRITER = 4  # a group's forms in this many shares per writer: none waits long for the last
PRELOADED = ["models.collection.form_writer", "models.collection.summary_file"]  # what the forkserver has loaded


def _writers():
    context = get_context("forkserver")
    context.set_forkserver_preload(PRELOADED)
    return context


def write_forms(specs: Sequence[FormSpec], paths: Sequence[Path], writers: int) -> None:
    """Each form to its path (written before the transaction that records it, so a rerun rewrites the same file),
    by `writers` processes when there are enough forms to share (each makes its form's folder)."""
    if writers > 1 and len(specs) >= PARALLEL_FROM:
        try:
            with ProcessPoolExecutor(min(writers, len(specs)), mp_context=_writers()) as pool:
                list(pool.map(write_form, specs, paths,
                              chunksize=max(1, len(specs) // (writers * SHARES_PER_WRITER))))
            return
        except BrokenProcessPool:  # e.g. a script without `if __name__ == "__main__"`: write them here instead
            logger.warning("form writers could not start; writing %d forms in this process", len(specs))
    for spec, path in zip(specs, paths):
        write_form(spec, path)


class Beside:
    """`function(*args)` in a writer process of its own while this one goes on (a context: on leaving it, the
    process is waited for); `result()` waits for its answer — or makes the call here when no process could start."""

    def __init__(self, function: Callable, *args):
        self.function, self.args = function, args
        self.pool = ProcessPoolExecutor(1, mp_context=_writers())
        self.future: Future = self.pool.submit(function, *args)

    def result(self):
        try:
            return self.future.result()
        except BrokenProcessPool:
            logger.warning("a writer process could not start; %s runs in this process", self.function.__name__)
            return self.function(*self.args)

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown()
