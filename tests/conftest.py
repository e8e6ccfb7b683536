# Receivers for delivery tests (SMTP, HTTP, intercepted public APIs); see tests/receivers.py.
from receivers import http_receiver, intercepted_requests, loopback_only, smtp_receiver  # noqa: F401
