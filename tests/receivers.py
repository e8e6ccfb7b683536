"""Real receivers on 127.0.0.1 for delivery tests, and the vendors' robot APIs faked by one of them.

- smtp_receiver: an aiosmtpd server collecting parsed messages.
- http_receiver: a ThreadingHTTPServer recording requests; answers are set per test.
- vendor_api: the DingTalk, WeCom and Feishu/Lark channels pointed at the HTTP receiver, which answers what
  those services answer (their requests are otherwise exactly what leaves for the public hosts).
- loopback_only: refuses name lookups and connections to anything but loopback.
"""

import asyncio
import email
import email.policy
import ipaddress
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

LOOPBACK = "127.0.0.1"
LOOPBACK_ALLOWED = frozenset({LOOPBACK})  # webhook receivers run here: the address policy must let them through


# ---- SMTP ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["subject"])

    @property
    def text(self) -> str:
        return self._body("plain")

    @property
    def html(self) -> str:
        return self._body("html")

    @property
    def attachments(self) -> dict[str, bytes]:
        return {
            part.get_filename(): part.get_payload(decode=True)
            for part in self.message.walk()
            if part.get_content_disposition() == "attachment"
        }

    def _body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        return part.get_content() if part is not None else ""


REJECTED_MAILBOX = "nobody@example.org"  # the receiver answers 550 (no such user) for it
BUSY_MAILBOX = "busy@example.org"  # and 451 (try again later) for this one


class _CollectingHandler:
    def __init__(self, receiver: "SmtpReceiver"):
        self.receiver = receiver
        self.inbox = receiver.messages

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        self.receiver.connections += 1
        session.host_name, session.accepted = hostname, 0
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        limit = self.receiver.messages_per_connection
        if limit is not None and session.accepted >= limit:  # as a server limiting messages per connection does:
            asyncio.get_running_loop().call_soon(server.transport.close)  # it says so, then hangs up
            return "421 4.7.0 Too many messages on this connection, closing"
        envelope.mail_from, envelope.mail_options = address, list(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address == REJECTED_MAILBOX:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in virtual mailbox table"
        if address == BUSY_MAILBOX:
            return "451 4.7.1 Service unavailable - try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.inbox.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        session.accepted = getattr(session, "accepted", 0) + 1
        return "250 Message accepted for delivery"


@dataclass
class SmtpReceiver:
    port: int
    messages: list[ReceivedMail] = field(default_factory=list)
    connections: int = 0  # sessions opened (EHLO)
    messages_per_connection: int | None = None  # set: the receiver closes a connection after that many messages

    def mailto_url(self, to: str, sender: str = "rectiflow@example.org") -> str:
        # plain mailto:// means no TLS; from= is needed because the host is an IP
        return f"mailto://{LOOPBACK}:{self.port}?from={sender}&to={to}"


@pytest.fixture
def smtp_receiver() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver(port=_free_port())
    # server_hostname avoids a getfqdn() lookup for the greeting
    controller = Controller(
        _CollectingHandler(receiver),
        hostname=LOOPBACK,
        port=receiver.port,
        server_hostname="smtp-receiver.test",
    )
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()


def _free_port() -> int:
    # aiosmtpd's Controller needs the port up front (it connects to it to confirm start-up)
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


# ---- HTTP ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str  # with the query string
    headers: dict[str, str]  # names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class _BackloggedServer(ThreadingHTTPServer):
    # a real web server's listen backlog: the standard library's 5 drops connections when several dispatchers
    # post at once, and the senders' retries would then be the receiver's fault, not ours
    request_queue_size = 128


class HttpReceiver:
    def __init__(self) -> None:
        self.requests: list[ReceivedRequest] = []
        self._status = 200
        self._reply = b"{}"
        self._released = threading.Event()
        self._released.set()
        self._arrival = threading.Condition()
        self._server = _BackloggedServer((LOOPBACK, 0), _RecordingHandler)
        self._server.receiver = self
        self.port: int = self._server.server_address[1]

    def json_url(self, path: str = "/hook") -> str:
        return f"json://{LOOPBACK}:{self.port}{path}"

    def answer(self, body: Any = None, status: int = 200) -> None:
        """Answer with `body`: JSON-encoded unless it is already a str; None means {}."""
        self._status, self._reply = status, _encode_reply(body)

    def hold_responses(self) -> None:
        """Record requests but answer none until release() (a receiver that never answers)."""
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def wait_for_requests(self, count: int = 1, timeout: float = 10.0) -> None:
        with self._arrival:
            arrived = self._arrival.wait_for(lambda: len(self.requests) >= count, timeout)
        assert arrived, f"expected {count} request(s), got {len(self.requests)}"

    def record_and_answer(self, handler: BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in handler.headers.items()}
        with self._arrival:
            self.requests.append(ReceivedRequest(handler.command, handler.path, headers, body))
            self._arrival.notify_all()
        self._released.wait()
        try:
            handler.send_response(self._status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(self._reply)))
            handler.end_headers()
            handler.wfile.write(self._reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as a timing-out sender should

    def serve_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                  name="http-receiver", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()


class _RecordingHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.server.receiver.record_and_answer(self)

    do_PUT = do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


@pytest.fixture
def http_receiver() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver()
    thread = receiver.serve_in_thread()
    try:
        yield receiver
    finally:
        receiver.close()
        thread.join()


def _encode_reply(body: Any) -> bytes:
    text = body if isinstance(body, str) else json.dumps({} if body is None else body, ensure_ascii=False)
    return text.encode("utf-8")


# ---- the vendors' robot APIs, answered by a loopback receiver ---------------------------------------------

# What DingTalk, WeCom and Feishu answer, exactly (HTTP 200, the verdict in the body).
DINGTALK_OK = {"errcode": 0, "errmsg": "ok"}
DINGTALK_SIGN_MISMATCH = {"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}
DINGTALK_KEYWORDS = {"errcode": 310000, "errmsg": "keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}
DINGTALK_NO_TOKEN = {"errcode": 300001, "errmsg": "token is not exist"}
DINGTALK_TOO_FAST = {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
WECOM_OK = {"errcode": 0, "errmsg": "ok"}
WECOM_INVALID_WEBHOOK = {"errcode": 93000, "errmsg": "invalid webhook url, hint: [1701234567_1_abcdef], from ip: 1.2.3.4, "
                                                     "more info at https://open.work.weixin.qq.com/devtool/query?e=93000"}
FEISHU_OK = {"code": 0, "data": {}, "msg": "success"}
FEISHU_SIGN_FAILED = {"code": 19021, "data": {}, "msg": "sign match fail or timestamp is not within one hour from current time"}

VENDOR_PATHS = {"dingtalk": "/robot/send", "wecombot": "/cgi-bin/webhook/send", "feishu": "/open-apis/bot/v2/hook/",
                "lark": "/open-apis/bot/v2/hook/"}


@pytest.fixture
def vendor_api(http_receiver, monkeypatch: pytest.MonkeyPatch) -> HttpReceiver:
    """DingTalk, WeCom, Feishu and Lark robots answered by the loopback HTTP receiver: each channel posts exactly what
    it would post to oapi.dingtalk.com, qyapi.weixin.qq.com, open.feishu.cn or open.larksuite.com — same path,
    query, headers and body — only to 127.0.0.1. Set the vendor's answer with `answer(...)`."""
    from notifications.api_body_checks import DingTalkChecked, FeishuChecked, LarkChecked, WeComBotChecked

    base = f"http://{LOOPBACK}:{http_receiver.port}"
    for plugin in (DingTalkChecked, WeComBotChecked, FeishuChecked, LarkChecked):
        real = plugin.notify_url
        monkeypatch.setattr(plugin, "notify_url", base + real[real.index("/", len("https://")):])
    return http_receiver


# ---- safety net ---------------------------------------------------------------------


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse any lookup of, or connection to, a non-loopback address, and fail the test if one was tried.

    The refusal is an OSError so code under test handles it like a network error; the
    teardown assertion is what makes the attempt visible.
    """
    attempts: list[Any] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse_unless_loopback(host: Any) -> None:
        if not _is_loopback(host):
            attempts.append(host)
            raise ConnectionRefusedError(f"loopback_only: refused {host!r}")

    def getaddrinfo(host, *args, **kwargs):
        refuse_unless_loopback(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if isinstance(address, tuple):
            refuse_unless_loopback(address[0])
        return real_connect(sock, address)

    def connect_ex(sock, address):
        if isinstance(address, tuple):
            refuse_unless_loopback(address[0])
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield
    assert not attempts, f"test tried to reach non-loopback addresses: {attempts}"


def _is_loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
