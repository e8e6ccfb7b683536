"""Warm start (rectiflow/warm): a command answered by the user's resident server is the command run alone — the same
output, exit code, terminal, working directory, environment and audit record — and the server never runs changed
code, never answers another user, and goes away when idle."""
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import termios
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_support import SCRIPT, Result

import models.domain.vocabulary
from rectiflow.arguments import command_words, global_options_first
from rectiflow.warm.place import own_process, starts_server

pytestmark = pytest.mark.slow
INTERPRETER = SCRIPT.read_text().splitlines()[0].removeprefix("#!")  # the script's own, as its first line names it


@dataclass
class Terminal:
    """A command at a terminal (a pseudo-terminal of 120 columns): what it wrote, and the keys typed."""
    process: subprocess.Popen
    master: int
    output: str = ""

    def expect(self, text: str, timeout: float = 60) -> None:
        while text not in self.output:
            ready, _, _ = select.select([self.master], [], [], timeout)
            assert ready, f"no 「{text}」 within {timeout} s; the terminal shows: {self.output!r}"
            self.output += self._read()

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait(self) -> int:
        """The exit code, once everything the command wrote is read (read as it comes: a full terminal blocks)."""
        while (chunk := self._read()):
            self.output += chunk
        return self.process.wait(timeout=60)

    def _read(self) -> str:
        try:
            return os.read(self.master, 65536).decode(errors="replace")
        except OSError:  # the other end is closed: the command has exited
            return ""


class Warm:
    """The installed script with warm start on, in its own runtime folder, beside a server this test started."""

    def __init__(self, home: Path, runtime: Path):
        self.home, self.runtime = home, runtime
        self.env = {**os.environ, "RECTIFLOW_HOME": str(home), "RECTIFLOW_WARM_START": "on",
                    "XDG_RUNTIME_DIR": str(runtime), "RECTIFLOW_WARM_IDLE_MINUTES": "1", "LOGNAME": "zhangsan"}
        self.server: subprocess.Popen | None = None

    def start_server(self, **env) -> subprocess.Popen:
        """The server as the script starts it, waited for until it listens."""
        (self.runtime / "rectiflow").mkdir(mode=0o700, exist_ok=True)
        self.installation = subprocess.run([INTERPRETER, "-c", "import json; from rectiflow.warm.place import "
                                            "installation; print(json.dumps(installation()))"], env=self.env,
                                           capture_output=True, text=True, check=True).stdout.strip()
        self.server = subprocess.Popen([INTERPRETER, "-P", "-m", "rectiflow.warm.server", self.installation],
                                       env={**self.env, **env}, stdout=subprocess.PIPE, text=True, cwd="/")
        assert self.server.stdout.readline() == "ready\n"
        return self.server

    def run(self, *args, env=None, cwd=None) -> Result:
        done = subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=120,
                              env={**self.env, **(env or {})}, cwd=cwd or self.home.parent)
        return Result(done.returncode, done.stdout, done.stderr)

    def terminal(self, *args, env=None) -> Terminal:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        process = subprocess.Popen([str(SCRIPT), *map(str, args)], stdin=slave, stdout=slave, stderr=slave,
                                   env={**self.env, "TERM": "xterm", **(env or {})}, cwd=self.home.parent)
        os.close(slave)
        return Terminal(process, master)

    def served(self) -> int:
        """Commands the server has forked so far (this question included)."""
        said = self.run("warm", "status").out
        assert "常驻进程" in said and "已处理" in said, said
        return int(said.split("已处理 ")[1].split(" 条")[0])

    def stop_all(self) -> None:
        """Every server of this folder stopped: the test's own, and any a command started on its way out."""
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=60)
        for lock in (self.runtime / "rectiflow").glob("*.lock"):
            pid = lock.read_text().strip()
            if pid:
                try:
                    os.kill(int(pid), signal.SIGTERM)
                except ProcessLookupError:
                    pass


@pytest.fixture
def warm(seeded, home, tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    warm = Warm(home, runtime)
    yield warm
    warm.stop_all()


def test_a_command_the_server_answers_is_the_command_run_alone(warm):
    warm.start_server()
    before = warm.served()
    commands = [("items", "list"), ("items", "show", "3", "--json"), ("report", "summary"), ("approvals", "list"),
                ("items", "show", "999"), ("items", "list", "--no-such-option"), ("--help",)]
    for args in commands:
        alone = warm.run(*args, env={"RECTIFLOW_WARM_START": "off"})
        served = warm.run(*args)
        assert (served.code, served.out, served.err) == (alone.code, alone.out, alone.err), args
        assert served.code == {("items", "show", "999"): 1, ("items", "list", "--no-such-option"): 2}.get(args, 0)
    assert warm.served() == before + len(commands) + 1  # each served, and this question


def test_an_action_through_the_server_is_the_shell_users_with_their_files(warm, tmp_path):
    warm.start_server()
    folder = tmp_path / "办公室材料"
    folder.mkdir()
    (folder / "学习指引.pdf").write_bytes(b"%PDF-1.4 the unit's guideline")
    before = warm.served()
    assert warm.run("act", "1", "start", "--as", "吴晓燕", cwd=folder).code == 0
    reported = warm.run("progress", "add", "1", "--as", "吴晓燕", "--text", "已修订学习指引", "--evidence", "学习指引.pdf",
                        cwd=folder)  # a path relative to where the user stands
    assert reported.code == 0, reported.text
    assert warm.served() == before + 3
    entries = json.loads(warm.run("audit", "log", "1", "--json").out)
    started = next(e for e in entries if e["kind"] == "item_started")
    assert started["data"]["via"] == {"channel": "cli", "method": "operator", "os_user": "zhangsan"}
    shown = json.loads(warm.run("items", "show", "1", "--json").out)
    assert "学习指引.pdf" in json.dumps(shown, ensure_ascii=False)


def test_a_question_at_the_terminal_is_asked_and_answered_through_the_server(warm):
    warm.start_server()
    before = warm.served()
    asked = warm.terminal("campaign", "remove", "1")
    asked.expect("输入「是」确认：")
    asked.type("是\n")
    assert asked.wait() == 0, asked.output
    assert warm.served() == before + 2
    assert "共 0 项" in warm.run("items", "list").text


def test_ctrl_c_at_the_terminal_stops_the_served_command_and_nothing_is_written(warm):
    warm.start_server()
    before = warm.served()
    asked = warm.terminal("campaign", "remove", "1")
    asked.expect("输入「是」确认：")
    asked.process.send_signal(signal.SIGINT)  # what the terminal sends the command in its foreground
    assert asked.wait() == 1
    assert "已中断，未完成的操作没有写入" in asked.output
    assert warm.served() == before + 2
    assert "共 38 项" in warm.run("items", "list").text


def test_a_table_at_the_terminal_fits_the_terminal_as_it_does_run_alone(warm):
    warm.start_server()
    before = warm.served()
    served = warm.terminal("items", "list")
    assert served.wait() == 0
    assert warm.served() == before + 2
    alone = warm.terminal("items", "list", env={"RECTIFLOW_WARM_START": "off"})
    assert alone.wait() == 0
    assert served.output == alone.output and "\x1b[" in served.output  # coloured: a terminal, as alone
    assert max(len(line) for line in served.output.splitlines()) < 400  # cut to the terminal, not 100,000 wide


def test_a_command_handed_over_but_not_confirmed_never_runs(warm):
    """A client that gave up waiting for the server runs the command itself: the server's process must not too."""
    import socket

    from rectiflow.warm import client

    warm.start_server()
    [sock] = (warm.runtime / "rectiflow").glob("*.sock")
    request = {**client._request(["act", "1", "start", "--as", "吴晓燕"]),
               "installation": json.loads(warm.installation), "env": warm.env, "cwd": str(warm.home.parent)}
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as connection:
        connection.connect(str(sock))
        socket.send_fds(connection, [json.dumps(request).encode()], [0, 1, 2])
        pid = json.loads(connection.recv(1000))["pid"]
        ended = os.pidfd_open(pid)
    assert select.select([ended], [], [], 60)[0]  # the command's process has ended, told nothing more
    shown = json.loads(warm.run("items", "show", "1", "--json").out)
    assert shown["item"]["state"] == "assigned"


def test_a_changed_program_file_is_never_run_by_the_server_that_loaded_it(warm):
    server = warm.start_server()
    module = Path(models.domain.vocabulary.__file__)
    status = module.stat()
    try:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))  # as an upgrade leaves it
        said = warm.run("warm", "status")
        assert said.code == 0 and "本条命令在独立进程中执行" in said.out
        assert server.wait(timeout=60) == 0  # and the old server has stopped
    finally:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_the_server_stops_when_idle_and_takes_its_socket_with_it(warm):
    server = warm.start_server(RECTIFLOW_WARM_IDLE_MINUTES="0.01")
    assert server.wait(timeout=60) == 0
    assert list((warm.runtime / "rectiflow").glob("*.sock")) == []
    assert "本条命令在独立进程中执行" in warm.run("warm", "status", env={"RECTIFLOW_WARM_IDLE_MINUTES": "0.01"}).out


def test_no_server_is_used_or_started_in_a_folder_others_can_enter(warm):
    (warm.runtime / "rectiflow").mkdir(mode=0o755)
    os.chmod(warm.runtime / "rectiflow", 0o755)
    said = warm.run("warm", "status")
    assert said.code == 0 and "他人可以进入），不使用常驻进程" in said.out
    assert list((warm.runtime / "rectiflow").iterdir()) == []


def test_a_link_in_place_of_the_folder_is_not_followed(warm, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (warm.runtime / "rectiflow").symlink_to(elsewhere)
    said = warm.run("warm", "status")
    assert said.code == 0 and "不使用常驻进程" in said.out
    assert list(elsewhere.iterdir()) == []


def test_warm_start_off_runs_every_command_alone(warm):
    said = warm.run("warm", "status", env={"RECTIFLOW_WARM_START": "off"})
    assert "已关闭常驻进程" in said.out
    assert not (warm.runtime / "rectiflow").exists()


@pytest.mark.skipif(os.getuid() != 0 or not os.access("/usr/bin/python3", os.X_OK),
                    reason="needs root (to be another user) and a system Python that user may run")
def test_another_user_is_never_answered_by_the_server(seeded, home):
    runtime = Path(tempfile.mkdtemp(prefix="rectiflow-run-"))  # outside the test's own folders, which only root enters
    warm = Warm(home, runtime)
    try:
        warm.start_server()
        [sock] = (runtime / "rectiflow").glob("*.sock")
        reach = ("import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)\n"
                 "try:\n    s.connect(sys.argv[1])\nexcept PermissionError:\n    print('refused'); raise SystemExit\n"
                 "try:\n    socket.send_fds(s, [b'{}'], [0, 1, 2])\n    answer = s.recv(100)\nexcept OSError:\n"
                 "    answer = b''\nprint('answered' if answer else 'no answer')")

        def as_nobody() -> str:
            return subprocess.run(["/usr/bin/python3", "-c", reach, str(sock)], capture_output=True, text=True, timeout=60,
                                  cwd="/", user=65534, group=65534, extra_groups=[]).stdout.strip()

        assert as_nobody() == "refused"  # the folder is the user's alone
        for path, mode in ((runtime, 0o711), (sock.parent, 0o711), (sock, 0o666)):
            os.chmod(path, mode)  # even where the socket can be reached, the server asks who is calling
        assert as_nobody() == "no answer"
        os.chmod(sock.parent, 0o700)
        assert warm.run("items", "list").code == 0 and warm.served() >= 2
    finally:
        warm.stop_all()
        shutil.rmtree(runtime, ignore_errors=True)


def test_the_servers_own_commands_and_the_words_that_name_them():
    assert command_words(["--db", "sqlite:///x.db", "users", "set-password", "吴晓燕"]) == ("users", "set-password",
                                                                                           "吴晓燕")
    assert own_process(["users", "set-password", "吴晓燕", "--db", "sqlite:///x.db"])
    assert own_process(["web", "--port", "8001"]) and not own_process(["items", "list"])
    assert not starts_server(["warm", "stop"]) and starts_server(["items", "list"])
    assert global_options_first(["items", "list", "--db", "u"]) == ["--db", "u", "items", "list"]
