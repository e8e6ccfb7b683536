"""Running one workload in a fresh process: its own wall time and peak memory (max RSS, its helper processes'
largest added)."""
import multiprocessing
import resource
import time

from bench import workloads


def _child(connection, name, args):
    started = time.perf_counter()
    count = getattr(workloads, name)(*args)
    seconds = time.perf_counter() - started
    # peak memory: this process plus its largest helper process (the weekly round writes forms in a process pool)
    peak_kb = sum(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    connection.send((seconds, count, peak_kb / 1024))


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
