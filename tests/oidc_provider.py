"""A small OpenID Connect provider on 127.0.0.1 for sign-on tests: discovery, a login form, the authorization
code flow, RS256-signed ID tokens (joserfc) and its key set. It keeps a sign-in per browser (a cookie), so a
second login is silent unless the client asks for max_age=0 or prompt=login — as real providers do. A provider
that ignores max_age (honour_max_age=False) shows what a misconfigured one would answer."""
import html
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID, CLIENT_SECRET = "rectiflow", "client-secret-for-tests"


@dataclass
class Provider:
    url: str = ""
    users: dict[str, str] = field(default_factory=dict)  # username -> password
    honour_max_age: bool = True
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test-key"}))
    codes: dict[str, dict] = field(default_factory=dict)
    browsers: dict[str, tuple[str, float]] = field(default_factory=dict)  # cookie -> (username, auth_time)

    def metadata(self) -> dict:
        return {"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "sub": f"user-{grant['username']}", "aud": CLIENT_ID, "iat": now,
                  "exp": now + 300, "auth_time": int(grant["auth_time"]), "preferred_username": grant["username"],
                  **({"nonce": grant["nonce"]} if grant.get("nonce") else {})}
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: str = "", content_type="application/json", headers=None):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _browser(self) -> str | None:
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
            return cookie["op_session"].value if "op_session" in cookie else None

        def do_GET(self):
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                return self._send(200, json.dumps(provider.metadata()))
            if url.path == "/jwks":
                return self._send(200, json.dumps({"keys": [provider.key.as_dict(private=False)]}))
            if url.path == "/authorize":
                signed_in = provider.browsers.get(self._browser() or "")
                fresh_needed = provider.honour_max_age and (query.get("prompt") == "login" or query.get("max_age") == "0")
                if signed_in and not fresh_needed:
                    return self._grant(query, *signed_in)
                fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                                 for k, v in query.items())
                return self._send(200, f'<form method="post" action="/authorize">{fields}'
                                       '<input name="username"><input name="password" type="password"></form>',
                                  "text/html; charset=utf-8")
            return self._send(404, "{}")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/authorize":
                if provider.users.get(form.get("username")) != form.get("password"):
                    return self._send(401, "wrong password", "text/plain")
                previous = provider.browsers.get(self._browser() or "")
                auth_time = time.time() if provider.honour_max_age or previous is None else previous[1]
                return self._grant(form, form["username"], auth_time)
            if self.path == "/token":
                grant = provider.codes.pop(form.get("code", ""), None)
                if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                    return self._send(400, json.dumps({"error": "invalid_grant"}))
                return self._send(200, json.dumps({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                                   "expires_in": 300, "id_token": provider.id_token(grant)}))
            return self._send(404, "{}")

        def _grant(self, params: dict, username: str, auth_time: float):
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {"username": username, "auth_time": auth_time, "nonce": params.get("nonce"),
                                    "redirect_uri": params["redirect_uri"]}
            browser = self._browser() or secrets.token_urlsafe(8)
            provider.browsers[browser] = (username, auth_time)
            target = f"{params['redirect_uri']}?{urlencode({'code': code, 'state': params.get('state', '')})}"
            return self._send(302, "", headers={"Location": target, "Set-Cookie": f"op_session={browser}; Path=/"})

    return Handler


@pytest.fixture
def oidc_provider() -> Iterator[Provider]:
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield provider
    server.shutdown()
    server.server_close()
