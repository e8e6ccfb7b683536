"""The warm-start server (`python -P -m rectiflow.warm.server INSTALLATION`, started by the client): it imports
what commands need once, then forks a child per command (rectiflow/warm/child.py). It answers only its own user,
listens in a folder only that user can enter, stops after RECTIFLOW_WARM_IDLE_MINUTES without a command, and stops
rather than serve a command with code that has changed on disk since it was loaded."""
import fcntl
import gc
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time
from contextlib import suppress

from rectiflow.warm import place, served


def main() -> None:
    installation = json.loads(sys.argv[1])
    path = place.socket_path(installation)
    if not place.private(path.parent):
        return
    with open(path.with_suffix(".lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another server of this installation is already there
        lock.truncate(0)
        lock.write(f"{os.getpid()}\n")  # who holds it: for `kill`, or a test's clean-up
        lock.flush()
        preload()
        loaded = module_files()
        with suppress(FileNotFoundError):
            path.unlink()  # left by a server that did not stop cleanly (the lock says none is running)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        listener.bind(str(path))
        os.chmod(path, 0o600)
        listener.listen(64)
        print("ready", flush=True)  # for whoever started it with a pipe and waits for it
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        stale = None
        try:
            stale = serve(listener, installation, loaded)
        finally:
            with suppress(FileNotFoundError):
                path.unlink()
            listener.close()
    if stale:  # said once the socket and the lock are free, so that the next server can start at once
        with stale:
            stale.send(json.dumps({"stale": True}).encode())


def serve(listener: socket.socket, installation: list[str], loaded: dict[str, int]) -> socket.socket | None:
    """Fork a child per command until idle; a request this server must not run is handed back (to be told so)."""
    idle = place.idle_seconds()
    served.server = served.Server(os.getpid(), time.time(), idle)
    with selectors.DefaultSelector() as selector:
        selector.register(listener, selectors.EVENT_READ)
        while selector.select(timeout=idle):
            connection, _ = listener.accept()
            if _peer_uid(connection) != os.getuid():
                connection.close()
                continue
            try:
                data, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
                request = json.loads(data)
            except (OSError, ValueError):
                connection.close()
                continue
            try:
                if (request.get("protocol") != place.PROTOCOL or request.get("installation") != installation
                        or len(fds) != 3 or changed(loaded)):
                    return connection
                served.server.commands += 1
                if os.fork() == 0:
                    try:
                        listener.close()
                        from rectiflow.warm.child import run_command

                        run_command(connection, fds, request)
                    finally:
                        os._exit(70)
                connection.close()
            finally:
                for fd in fds:
                    os.close(fd)
    return None


def preload() -> None:
    """Everything a command imports, loaded once: the command line (then forgotten, so that each command gets its
    own consoles and state), every read model, engine operation, report and channel, and the configured mappers."""
    import importlib
    import pkgutil

    from models.store.mappers import configure_all

    importlib.import_module("rectiflow.cli")
    importlib.import_module("deploy.migrate")
    for package in ("models", "notifications"):
        for module in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}."):
            importlib.import_module(module.name)
    configure_all()
    for name in [n for n in sys.modules if n == "rectiflow.cli" or n.startswith("rectiflow.cli.")]:
        del sys.modules[name]
    with suppress(AttributeError):
        del sys.modules["rectiflow"].cli
    gc.freeze()  # what was loaded stays out of every child's garbage collections (each would walk all of it)


def module_files() -> dict[str, int]:
    files = {}
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if name:
            with suppress(OSError):
                files[name] = os.stat(name).st_mtime_ns
    return files


def changed(loaded: dict[str, int]) -> bool:
    """Whether any file the server loaded has changed on disk (an upgrade, an edit): a command must not run old code."""
    for name, mtime in loaded.items():
        try:
            if os.stat(name).st_mtime_ns != mtime:
                return True
        except OSError:
            return True
    return False


def _peer_uid(connection: socket.socket) -> int:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1]


if __name__ == "__main__":
    main()
