"""Single sign-on against a real OpenID Connect provider on 127.0.0.1 (tests/oidc_provider.py): the ID token's
claim names a person of the directory; a signature needs a fresh sign-on (max_age=0), and a provider that does
not authenticate again gives no proof."""
import time
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from accounts import settings_for
from fastapi.testclient import TestClient
from oidc_provider import CLIENT_ID, CLIENT_SECRET, oidc_provider  # noqa: F401
from steps import act, bring_to
from world import build_world

from models.domain.vocabulary import State
from models.queries.audit_log import audit_log
from rectiflow.web.app import create_app


@pytest.fixture
def sso(tmp_path, db_url, oidc_provider):  # noqa: F811
    build_world(db_url, items=1)
    settings = settings_for(tmp_path, db_url).model_copy(update={
        "oidc_issuer": oidc_provider.url, "oidc_client_id": CLIENT_ID, "oidc_client_secret": CLIENT_SECRET})
    with TestClient(create_app(settings, db_url)) as client, httpx.Client() as browser:
        yield client, browser, oidc_provider, db_url


def sign_on(client, browser, provider, username, password, reauth=False):
    """What a browser does: to the provider, the login form when it asks for one, back to the callback."""
    start = client.get("/api/v1/auth/oidc/login", params={"reauth": "true"} if reauth else None,
                       follow_redirects=False)
    assert start.status_code == 302, start.text
    page = browser.get(start.headers["location"])
    if page.status_code == 200:  # the provider asks who you are
        query = {k: v[0] for k, v in parse_qs(urlparse(start.headers["location"]).query).items()}
        page = browser.post(f"{provider.url}/authorize", data={**query, "username": username, "password": password})
    assert page.status_code == 302, page.text
    return client.get(page.headers["location"])


def test_a_sign_on_names_the_person_the_directory_knows(sso):
    client, browser, provider, _ = sso
    provider.users["成员乙"] = "op-password"
    answer = sign_on(client, browser, provider, "成员乙", "op-password")
    assert answer.status_code == 200, answer.text
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {answer.json()['access_token']}"})
    assert me.json()["name"] == "成员乙" and "reauth_token" not in answer.json()


def test_someone_the_directory_does_not_know_is_refused(sso):
    client, browser, provider, _ = sso
    provider.users["外单位人员"] = "op-password"
    answer = sign_on(client, browser, provider, "外单位人员", "op-password")
    assert answer.status_code == 401 and "不在组织目录中" in answer.json()["detail"]


def test_a_signature_after_a_fresh_sign_on_is_recorded_as_such(sso):
    client, browser, provider, db_url = sso
    provider.users["组长"] = "op-password"
    bring_to(db_url, 1, State.verified)
    request_id = act(db_url, 1, "close", "整改办甲").request_id
    bearer = {"Authorization": f"Bearer {sign_on(client, browser, provider, '组长', 'op-password').json()['access_token']}"}
    unproven = client.post(f"/api/v1/approvals/{request_id}/decision", json={"decision": "approve"}, headers=bearer)
    assert unproven.status_code == 403 and unproven.json()["kind"] == "ReauthRequired"

    again = sign_on(client, browser, provider, "组长", "op-password", reauth=True)  # the provider asks again
    decided = client.post(f"/api/v1/approvals/{request_id}/decision", headers=bearer,
                          json={"decision": "approve", "reauth_token": again.json()["reauth_token"]})
    assert decided.status_code == 200 and decided.json()["fired"]["to_state"] == "closed"
    [signature] = [e for e in audit_log(db_url, item_id=1) if e.kind == "signoff_approved" and e.actor == "组长"]
    assert signature.data["proof"]["method"] == "oidc" and signature.data["via"]["method"] == "oidc"


def test_a_provider_that_does_not_authenticate_again_gives_no_proof(sso):
    client, browser, provider, _ = sso
    provider.users["组长"] = "op-password"
    provider.honour_max_age = False
    assert sign_on(client, browser, provider, "组长", "op-password").status_code == 200
    for browser_id, (user, _) in provider.browsers.items():  # that sign-in was an hour ago
        provider.browsers[browser_id] = (user, time.time() - 3600)
    stale = sign_on(client, browser, provider, "组长", "op-password", reauth=True)
    assert stale.status_code == 403 and "没有重新验证" in stale.json()["detail"]
