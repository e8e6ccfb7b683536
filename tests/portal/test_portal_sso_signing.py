"""A single-sign-on user signs in the portal after signing on again (max_age=0) against a real OpenID Connect
provider on 127.0.0.1: no password field, a link to re-authenticate, and the proof used for one signature."""
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from accounts import settings_for
from fastapi.testclient import TestClient
from oidc_provider import CLIENT_ID, CLIENT_SECRET, oidc_provider  # noqa: F401
from portal_forms import post_form
from steps import act, bring_to, item_state
from world import build_world

from models.domain.vocabulary import State
from models.queries.audit_log import audit_log
from rectiflow.web.app import create_app


@pytest.fixture
def sso_portal(tmp_path, db_url, oidc_provider):  # noqa: F811
    build_world(db_url, items=1)
    settings = settings_for(tmp_path, db_url).model_copy(update={
        "oidc_issuer": oidc_provider.url, "oidc_client_id": CLIENT_ID, "oidc_client_secret": CLIENT_SECRET})
    with TestClient(create_app(settings, db_url), base_url="http://testserver") as client, \
            httpx.Client() as browser:
        yield client, browser, oidc_provider, db_url


def sign_on(client, browser, provider, username, password, path):
    """What a browser does: to the provider, its login form when it asks, back to the portal's callback."""
    start = client.get(path, follow_redirects=False)
    assert start.status_code in (302, 303, 307), start.text
    page = browser.get(start.headers["location"])
    if page.status_code == 200:
        query = {k: v[0] for k, v in parse_qs(urlparse(start.headers["location"]).query).items()}
        page = browser.post(f"{provider.url}/authorize", data={**query, "username": username, "password": password})
    assert page.status_code == 302, page.text
    return client.get(page.headers["location"], follow_redirects=False)


def test_a_single_sign_on_user_signs_after_signing_on_again(sso_portal):
    client, browser, provider, db_url = sso_portal
    provider.users["组长"] = "op-password"
    bring_to(db_url, 1, State.verified)
    request_id = act(db_url, 1, "close", "整改办甲").request_id
    assert sign_on(client, browser, provider, "组长", "op-password", "/sso/login?next=/").status_code == 303
    page = client.get(f"/approvals/{request_id}").text
    assert 'name="password"' not in page and f"/sso/login?reauth=1&amp;next=/approvals/{request_id}" in page
    unproven = post_form(client, f"/approvals/{request_id}/decision", {"decision": "approve"},
                         page=f"/approvals/{request_id}")
    assert unproven.status_code == 403 and item_state(db_url, 1) is State.verified

    back = sign_on(client, browser, provider, "组长", "op-password", f"/sso/login?reauth=1&next=/approvals/{request_id}")
    assert back.status_code == 303 and back.headers["location"] == f"/approvals/{request_id}"
    signed = post_form(client, f"/approvals/{request_id}/decision", {"decision": "approve"},
                       page=f"/approvals/{request_id}")
    assert signed.status_code == 303 and item_state(db_url, 1) is State.closed
    [signature] = [e for e in audit_log(db_url, item_id=1) if e.kind == "signoff_approved" and e.actor == "组长"]
    assert signature.data["proof"]["method"] == "oidc" and signature.data["via"]["channel"] == "web"
