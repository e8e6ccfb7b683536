"""Running one workload in a fresh process: its own wall time and peak memory (max RSS)."""
import multiprocessing
import resource
import time

from bench import workloads


def _child(connection, name, args):
    started = time.perf_counter()
    count = getattr(workloads, name)(*args)
    connection.send((time.perf_counter() - started, count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


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
