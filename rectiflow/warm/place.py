"""Where a user's warm-start server listens, and whether warm start is wanted: read from the environment alone (the
client must not pay for the settings machinery it exists to avoid)."""
import os
import stat
import sys
import zlib
from pathlib import Path

PROTOCOL = 1
GO = b"go"  # the client's word that the command may run: without it (a client gone, or given up) it never does
OFF = {"0", "off", "false", "no"}
# Commands that keep their own process: servers that run for hours (their own signals and supervision), and a
# password typed at the terminal (getpass needs the terminal as its controlling one, which a forked child lacks).
OWN_PROCESS = {("web",), ("serve",), ("worker",), ("deploy",), ("users", "set-password")}
STARTS_NONE = {("warm", "stop")}  # run without a server, they start none


def wanted(environ=os.environ) -> bool:
    return environ.get("RECTIFLOW_WARM_START", "on").strip().lower() not in OFF and hasattr(os, "fork")


def idle_seconds(environ=os.environ) -> float:
    """How long a server waits for the next command before it exits (RECTIFLOW_WARM_IDLE_MINUTES, default 30)."""
    try:
        return max(0.0, float(environ.get("RECTIFLOW_WARM_IDLE_MINUTES", "30"))) * 60
    except ValueError:
        return 30 * 60


def installation() -> list[str]:
    """What makes one installation's modules differ from another's: the interpreter and its import path (without
    the script's own folder, which a server started with `python -P -m` does not have)."""
    return [sys.executable, *sys.path[1:]]


def folder(environ=os.environ) -> Path:
    """A folder only this user may enter: $XDG_RUNTIME_DIR/rectiflow, else /tmp/rectiflow-<uid>."""
    runtime = environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime) / "rectiflow"
    return Path(environ.get("TMPDIR") or "/tmp") / f"rectiflow-{os.getuid()}"


def socket_path(of: list[str] | None = None, environ=os.environ) -> Path:
    """The socket of the server for `of` (an installation(); this process's own by default)."""
    key = zlib.crc32("\0".join(of or installation()).encode("utf-8", "surrogateescape"))
    return folder(environ) / f"{key:08x}.sock"


def private(path: Path) -> bool:
    """The folder is this user's and nobody else's (anyone who could write there could answer for the server), and
    is itself a folder, not a link to one somewhere else."""
    try:
        status = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077


def own_process(args: list[str]) -> bool:
    return _names(args, OWN_PROCESS)


def starts_server(args: list[str]) -> bool:
    return not _names(args, STARTS_NONE)


def _names(args: list[str], commands: set[tuple[str, ...]]) -> bool:
    from rectiflow.arguments import command_words

    words = command_words(args)
    return any(words[:len(command)] == command for command in commands)
