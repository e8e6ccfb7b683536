"""The processes that write a round's forms (openpyxl is CPU-bound: a province's 2,000 forms are most of a round).

One pool per process, started at the first group of forms big enough to share out and kept for the process's life
(a flow run's process, or a command's, ends with the round): the round asks two groups of units at once (one
reading and recording while the other's forms are written), and both hand their forms to the same writers, which
are never left waiting for a group's slowest form. Forkserver: workers forked from a clean server that has openpyxl
loaded already (cheap to start, and no copy of this process's threads, database connections or locks)."""
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from models.collection.form_spec import FormSpec
from models.collection.form_writer import write_form

logger = logging.getLogger(__name__)
PARALLEL_FROM = 8  # forms in a group worth sharing out
SHARES_PER_WRITER = 4  # a group's forms in this many shares per writer: none waits long for the last

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def write_forms(specs: Sequence[FormSpec], paths: Sequence[Path], writers: int) -> None:
    """Each form to its path, by `writers` processes when there are enough forms to share."""
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
    if writers > 1 and len(specs) >= PARALLEL_FROM:
        try:
            list(_writers(writers).map(write_form, specs, paths,
                                       chunksize=max(1, len(specs) // (writers * SHARES_PER_WRITER))))
            return
        except BrokenProcessPool:  # e.g. a script without `if __name__ == "__main__"`: write them here instead
            stop_writers()
            logger.warning("form writers could not start; writing %d forms in this process", len(specs))
    for spec, path in zip(specs, paths):
        write_form(spec, path)


def _writers(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != size:
            if _pool is not None:
                _pool.shutdown()
            context = get_context("forkserver")
            context.set_forkserver_preload(["models.collection.form_writer"])
            _pool, _pool_size = ProcessPoolExecutor(size, mp_context=context), size
        return _pool


def stop_writers() -> None:
    """End the writer processes now (otherwise they end with this process)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(cancel_futures=True)
            _pool = None
