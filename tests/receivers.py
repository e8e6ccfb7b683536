"""Real receivers on 127.0.0.1 for delivery tests, plus in-process interception for public APIs.

- smtp_receiver: an aiosmtpd server collecting parsed messages.
- http_receiver: a ThreadingHTTPServer recording requests; answers are set per test.
- intercepted_requests: replaces requests' transport adapter, so calls to fixed public
  hosts (DingTalk, WeCom, Feishu) are recorded and answered before any socket is opened.
- loopback_only: refuses name lookups and connections to anything but loopback.
"""

import email
import email.policy
import io
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
import requests
import urllib3
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


class _CollectingHandler:
    def __init__(self, inbox: list[ReceivedMail]):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.inbox.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@dataclass
class SmtpReceiver:
    port: int
    messages: list[ReceivedMail] = field(default_factory=list)

    def mailto_url(self, to: str, sender: str = "rectiflow@example.org") -> str:
        # plain mailto:// means no TLS; from= is needed because the host is an IP
        return f"mailto://{LOOPBACK}:{self.port}?from={sender}&to={to}"


@pytest.fixture
def smtp_receiver() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver(port=_free_port())
    # server_hostname avoids a getfqdn() lookup for the greeting
    controller = Controller(
        _CollectingHandler(receiver.messages),
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


class HttpReceiver:
    def __init__(self) -> None:
        self.requests: list[ReceivedRequest] = []
        self._status = 200
        self._reply = b"{}"
        self._released = threading.Event()
        self._released.set()
        self._arrival = threading.Condition()
        self._server = ThreadingHTTPServer((LOOPBACK, 0), _RecordingHandler)
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


# ---- public APIs, intercepted in-process ----------------------------------------------


@dataclass
class InterceptedRequests:
    sent: list[requests.PreparedRequest] = field(default_factory=list)
    status: int = 200
    reply: bytes = b"{}"

    def answer(self, body: Any = None, status: int = 200) -> None:
        """Answer every request with `body`: JSON-encoded unless it is already a str; None means {}."""
        self.status, self.reply = status, _encode_reply(body)

    def only_request(self) -> requests.PreparedRequest:
        assert len(self.sent) == 1, f"expected exactly one request, got {len(self.sent)}"
        return self.sent[0]


@pytest.fixture
def intercepted_requests(monkeypatch: pytest.MonkeyPatch) -> InterceptedRequests:
    """Every `requests` call in the test ends at this fake transport instead of the network."""
    intercepted = InterceptedRequests()

    def send(adapter: requests.adapters.HTTPAdapter, request: requests.PreparedRequest, **kwargs: Any):
        intercepted.sent.append(request)
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(intercepted.reply),
            status=intercepted.status,
            headers={"Content-Type": "application/json; charset=utf-8"},
            preload_content=False,
        )
        return adapter.build_response(request, raw)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return intercepted


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
