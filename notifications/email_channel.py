"""Email (``mailto://``, ``mailtos://``): apprise's plugin, with the SMTP session run here so that

- the Message-ID is the message's idempotency key: a message sent again after a timeout is recognisably the same;
- the plain-text part is the Markdown the message was written in (apprise derives it from the HTML and flattens a
  table to one cell per line — the weekly summary's table became unreadable);
- a refusal keeps its SMTP code, so a mailbox the server rejects (5xx) fails at once and a busy server (4xx) is
  tried again (notifications/failures.py).

The message itself is built by apprise (``NotifyEmail.prepare_emails``); only the session and those two parts
of the result are ours. A dispatch run keeps its sessions open (``SmtpSessions``): the next message to the same
server goes over an idle connection of the run's, without connecting, EHLO, STARTTLS and login again."""
import contextlib
import email
import email.policy
import functools
import smtplib
import ssl
import threading
from collections import defaultdict
from typing import Any

from apprise import NotifyType
from apprise.plugins.email.base import NotifyEmail
from apprise.plugins.email.common import AppriseEmailException, SecureMailMode

from notifications.failures import Failure, connection_failure, smtp_failure, timeout_failure


@functools.cache
def tls_context(verify: bool) -> ssl.SSLContext:
    """One TLS context per process (loading the CA bundle for each message took 17 ms of its 24)."""
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


class SmtpSessions:
    """The SMTP connections of one dispatch run, kept per server and login: each delivery takes an idle one (or
    opens its own), and gives it back when its message was accepted — as many at a time as messages are sent at
    once. Those left are closed (QUIT) when the run ends."""

    def __init__(self):
        self._idle: dict[tuple, list[smtplib.SMTP]] = defaultdict(list)
        self._lock = threading.Lock()

    def take(self, server: tuple) -> smtplib.SMTP | None:
        with self._lock:
            idle = self._idle[server]
            return idle.pop() if idle else None

    def give_back(self, server: tuple, smtp: smtplib.SMTP) -> None:
        with self._lock:
            self._idle[server].append(smtp)

    def __enter__(self) -> "SmtpSessions":
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            sessions = [smtp for idle in self._idle.values() for smtp in idle]
            self._idle.clear()
        for smtp in sessions:
            _quit(smtp)


class _Dropped(Exception):
    """A kept connection the server has closed meanwhile (idle timeout, 421): nothing was sent over it."""


class EmailChecked(NotifyEmail):
    failure: Failure | None = None
    idempotency_key: str | None = None
    plain_text: str | None = None
    sessions: SmtpSessions | None = None  # the run's kept connections; None: a connection for this message only

    def send(self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, attach=None,
             **kwargs: Any) -> bool:
        self.failure = None
        if not self.targets:
            self.failure = Failure("邮件地址中没有收件人", permanent=True, advice="地址应写作 mailto://服务器?to=收件地址&from=发件地址")
            return False
        self.throttle()
        try:
            messages = [(message.to_addrs, self._finished(message.body)) for message in NotifyEmail.prepare_emails(
                subject=title, body=body, notify_format=self.notify_format, from_addr=self.from_addr,
                to=self.targets, cc=self.cc, bcc=self.bcc, reply_to=self.reply_to, smtp_host=self.smtp_host,
                attach=attach, headers={"X-Application": self.app_id, **self.headers}, names=self.names,
                pgp=self.pgp, pgp_mode=self.pgp_mode, inline=self.inline, tzinfo=self.tzinfo)]
            try:
                self._send_over(self._kept(), messages)
            except _Dropped:
                self._send_over(None, messages)  # a connection of its own
        except smtplib.SMTPRecipientsRefused as refused:
            code, answer = next(iter(refused.recipients.values()))
            self.failure = smtp_failure(code, _text(answer))
        except smtplib.SMTPResponseException as refused:  # sender refused, data refused, login refused, 4xx/5xx
            self.failure = smtp_failure(refused.smtp_code, _text(refused.smtp_error))
        except TimeoutError:
            self.failure = timeout_failure(self.socket_connect_timeout)
        except (OSError, smtplib.SMTPException) as error:
            self.failure = connection_failure(error)
        except AppriseEmailException as error:  # an attachment could not be read
            self.failure = Failure(f"邮件无法生成：{error}", permanent=True)
        if self.failure:
            self.logger.warning("Email to %s not sent: %s", self.targets, self.failure.reason)
            return False
        return True

    def _server(self) -> tuple:
        return self.secure_mode, self.smtp_host, self.port, self.user, self.password, self.verify_certificate

    def _kept(self) -> smtplib.SMTP | None:
        return self.sessions.take(self._server()) if self.sessions else None

    def _send_over(self, kept: smtplib.SMTP | None, messages: list[tuple[list[str], str]]) -> None:
        """Send over a kept connection (`kept`) or a new one; given back to the run's sessions once every message is
        accepted, closed otherwise. A kept connection the server has dropped before the first message raises
        _Dropped (the caller connects anew); after that, what the server said counts."""
        smtp = kept or self._connect()
        done = False
        try:
            for sent, (to_addrs, raw) in enumerate(messages):
                try:
                    smtp.sendmail(self.from_addr[1], to_addrs, raw)
                except (smtplib.SMTPServerDisconnected, smtplib.SMTPSenderRefused) as dropped:
                    closed = isinstance(dropped, smtplib.SMTPServerDisconnected) or dropped.smtp_code == 421
                    if kept is not None and sent == 0 and closed:
                        raise _Dropped from dropped
                    raise
            done = True
        finally:
            if done and self.sessions:
                self.sessions.give_back(self._server(), smtp)
            else:
                _quit(smtp)

    def _connect(self) -> smtplib.SMTP:
        """Connect, secure and log in as apprise's own send() does."""
        context = tls_context(self.verify_certificate) if self.secure_mode != SecureMailMode.INSECURE else None
        if self.secure_mode == SecureMailMode.SSL:
            smtp = smtplib.SMTP_SSL(self.smtp_host, self.port, None, timeout=self.socket_connect_timeout,
                                    context=context)
        else:
            smtp = smtplib.SMTP(self.smtp_host, self.port, None, timeout=self.socket_connect_timeout)
        try:
            if self.secure_mode == SecureMailMode.STARTTLS:
                smtp.starttls(context=context)
            if self.user and self.password:
                smtp.login(self.user, self.password)
        except BaseException:
            _quit(smtp)
            raise
        return smtp

    def _finished(self, raw: str) -> str:
        """apprise's message with our Message-ID and our plain-text part."""
        if not self.idempotency_key and self.plain_text is None:
            return raw
        message = email.message_from_string(raw, policy=email.policy.compat32)
        if self.idempotency_key:
            domain = self.from_addr[1].rpartition("@")[2] or "rectiflow"
            message.replace_header("Message-ID", f"<{self.idempotency_key}@{domain}>")
        if self.plain_text is not None:
            for part in message.walk():
                if part.get_content_type() == "multipart/alternative":
                    for alternative in part.get_payload():
                        if alternative.get_content_type() == "text/plain":
                            del alternative["Content-Transfer-Encoding"]
                            alternative.set_payload(self.plain_text, "utf-8")
        return message.as_string()


def _quit(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        smtp.quit()


def _text(answer: bytes | str) -> str:
    return answer.decode("utf-8", errors="replace") if isinstance(answer, bytes) else str(answer)
