"""Running one workload in a fresh process: its own wall time and peak memory (max RSS, its helper processes'
largest added)."""
import multiprocessing
import os
import resource
import threading
import time
from pathlib import Path

from bench import workloads


def _child(connection, name, args):
    helpers = _HelperPeaks()
    started = time.perf_counter()
    count = getattr(workloads, name)(*args)
    seconds = time.perf_counter() - started
    helpers.stop()
    # peak memory: this process plus its largest helper process (the weekly round writes its forms and its summary in
    # processes forked by a forkserver: not this process's children, so their peaks are read from /proc as they run)
    largest = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, helpers.largest_kb)
    connection.send((seconds, count, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + largest) / 1024))


class _HelperPeaks:
    """The peak memory (VmHWM) of every process descended from this one, looked at four times a second."""

    def __init__(self):
        self.largest_kb = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stopped.wait(0.25):
            for pid in _descendants(os.getpid()):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.largest_kb = max(self.largest_kb, int(line.split()[1]))


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [root]
    while waiting:
        found += (kids := children.get(waiting.pop(), []))
        waiting += kids
    return found


def measure(name: str, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, name, args))
    process.start()
    send.close()
    try:
        seconds, count, peak_mb = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"workload {name} failed in its process (exit code {process.exitcode})") from None
    process.join()
    return {"seconds": round(seconds, 3), "count": count, "per_second": round(count / seconds, 1) if seconds else None,
            "peak_mb": round(peak_mb, 1)}


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
