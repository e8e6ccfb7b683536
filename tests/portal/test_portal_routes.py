"""Every portal route: a page needs a signed-in person (except the sign-in pages), and every POST needs the
session's CSRF token — checked over the sections the portal installs, so a new route that forgets either fails."""
import re

import pytest
from fastapi.routing import APIRoute

from rectiflow.web.app import create_app
from rectiflow.web.portal import SECTIONS

OPEN = {"/login", "/activate", "/sso/login", "/sso/callback"}  # reachable before signing in, by design


def portal_routes() -> list[tuple[str, str]]:
    return sorted({(method, route.path) for section in SECTIONS for route in section.router.routes
                   if isinstance(route, APIRoute) for method in route.methods})


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: "2026-W48" if m.group(0) == "{week}" else ("a" * 64 if "sha" in m.group(0)
                                                                                     else "1"), path)


@pytest.fixture
def routes(portal_app):
    found = portal_routes()
    assert len(found) >= 30  # the whole portal, not an empty list that would pass anything
    return found


def test_every_page_sends_whoever_is_not_signed_in_to_login(routes, browse):
    client = browse(None)
    for method, path in routes:
        if method != "GET" or path in OPEN:
            continue
        answer = client.get(concrete(path), follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next="), (path, answer)


def test_every_post_without_the_csrf_token_is_refused_and_says_so(routes, browse):
    client = browse("整改办甲")
    for method, path in routes:
        if method != "POST":
            continue
        answer = client.post(concrete(path), data={"csrf": "forged"}, follow_redirects=False)
        assert answer.status_code == 403 and "表单已失效" in answer.text, (path, answer.status_code)


def test_the_portal_routes_are_not_in_the_api_document(portal_settings, db_url):
    spec = create_app(portal_settings, db_url).openapi()
    assert all(path.startswith("/api/v1/") for path in spec["paths"])
