"""One command in a child forked by the warm-start server: it takes on the client's terminal, working directory,
umask and environment, says its process id (the client passes Ctrl-C on to it), runs the command line as the
script would, and reports the exit code. It never returns into the server's code."""
import atexit
import json
import os
import signal
import socket
import sys
import time

from rectiflow.warm.place import GO


def run_command(connection: socket.socket, fds: list[int], request: dict) -> None:
    code = 1
    try:
        _take_on(fds, request)
        connection.send(json.dumps({"pid": os.getpid()}).encode())
        if connection.recv(16) != GO:  # the client gave up waiting and runs the command itself
            os._exit(0)
        code = _run(request["argv"][1:])
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        atexit._run_exitfuncs()  # what an interpreter's exit runs: the log file's handler flushed and closed, …
        try:
            connection.send(json.dumps({"exit": code}).encode())
        finally:
            os._exit(code)


def _take_on(fds: list[int], request: dict) -> None:
    for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in set(fds) - {0, 1, 2}:
        os.close(fd)
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    _new_streams(request["streams"])
    sys.argv = request["argv"]


def _new_streams(shapes: list) -> None:
    """Standard streams over the client's descriptors, shaped as the client's own (encoding, error handler; line
    buffered on a terminal): the server's were made for /dev/null. Its old ones are kept, never closed: they
    hold descriptors 0, 1 and 2 too."""
    _replaced.extend((sys.stdin, sys.stdout, sys.stderr))
    streams = []
    for fd, mode, shape in zip((0, 1, 2), "rww", shapes):
        encoding, errors = shape or (None, None)
        streams.append(open(fd, mode, encoding=encoding, errors=errors, closefd=False, buffering=1 if fd == 2 else -1))
    sys.stdin, sys.stdout, sys.stderr = sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams


_replaced: list = []


def _run(args: list[str]) -> int:
    try:
        from rectiflow.cli import main

        main(args)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(done.code, file=sys.stderr)
        return 1
    return 0
