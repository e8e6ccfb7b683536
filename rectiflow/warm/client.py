"""The `rectiflow` script: a command goes to this user's warm-start server when one answers (rectiflow/warm), else
it runs here — and then a server is started for the next command. Plain Python only, so that reaching the server
costs the interpreter's start and little more."""
import gc
import json
import os
import signal
import socket
import sys

from rectiflow.warm import place

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
HAND_OVER_SECONDS = 10  # for the server to say which process runs the command (a fork: milliseconds)


def main() -> None:
    args = sys.argv[1:]
    if not place.wanted() or place.own_process(args):
        _here(args)
    try:
        code = _ask_server(args)
    except KeyboardInterrupt:  # held until the server answered: it had not begun the command
        print("已中断，未完成的操作没有写入。", file=sys.stderr)
        raise SystemExit(1) from None
    if code is not None:
        raise SystemExit(code)
    try:
        _here(args)
    finally:
        if place.starts_server(args):
            start_server()


def _here(args: list[str]) -> None:
    # The command line's modules make a million objects that live as long as the process: collecting garbage while
    # they are made was a tenth of a command's time. They are set aside (gc.freeze), and collection goes on after.
    gc.disable()
    from rectiflow.cli import main as run

    gc.freeze()
    gc.enable()
    run(args)
    raise SystemExit(0)


def _ask_server(args: list[str]) -> int | None:
    """The command's exit code, run by the server; None when no server took it (nothing has run)."""
    path = place.socket_path()
    if not place.private(path.parent):
        return None
    try:
        request = _request(args)
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        connection.connect(str(path))
    except OSError:
        return None
    with connection:
        started = _handed_over(connection, request)
        if started is None:
            return None  # no server took it (a stale one has stopped): the command runs here
        try:
            done = _receive(connection)
        except OSError:
            done = None
    if done is None:
        print(f"错误：命令在常驻进程（{started['pid']}）中意外终止，操作可能未完成。请用 rectiflow audit log 查看是否已记录；"
              f"设置 RECTIFLOW_WARM_START=off 可让命令在本进程中运行。", file=sys.stderr)
        return 1
    return done["exit"]


def _handed_over(connection: socket.socket, request: dict) -> dict | None:
    """Hand the command over; the server's answer {"pid": …} once its process has taken it on, else None. Ctrl-C is
    held meanwhile, then passed on to the command's process (or, when none took it, acts here)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, FORWARDED)
    try:
        connection.settimeout(HAND_OVER_SECONDS)  # a server that does not answer is treated as none
        socket.send_fds(connection, [json.dumps(request).encode()], [0, 1, 2])
        started = _receive(connection)
        connection.settimeout(None)
        if not started or "pid" not in started:
            return None
        for number in FORWARDED:  # Ctrl-C at the terminal reaches this process: pass it on to the command's
            signal.signal(number, lambda received, _: os.kill(started["pid"], received))
        connection.send(place.GO)  # from here the command runs there, and only there
        return started
    except OSError:
        return None
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, FORWARDED)


def _request(args: list[str]) -> dict:
    umask = os.umask(0o022)
    os.umask(umask)
    return {"protocol": place.PROTOCOL, "installation": place.installation(), "argv": [sys.argv[0], *args],
            "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
            "streams": [[s.encoding, s.errors] if s else None for s in (sys.stdin, sys.stdout, sys.stderr)]}


def _receive(connection: socket.socket) -> dict | None:
    data = connection.recv(65536)
    return json.loads(data) if data else None


def start_server() -> None:
    """A server for this user and installation, in its own session (it outlives this command; it stops after
    RECTIFLOW_WARM_IDLE_MINUTES without a command, or as soon as the code it loaded changes)."""
    folder = place.socket_path().parent
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return
    if not place.private(folder):
        return
    import subprocess

    try:
        subprocess.Popen([sys.executable, "-P", "-m", "rectiflow.warm.server", json.dumps(place.installation())],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         cwd="/", start_new_session=True, close_fds=True)
    except OSError:
        pass
