"""Signing in to the API: bearer tokens from a password, personal access tokens, throttling, and every
failure a problem+json in Chinese with the right status."""
from datetime import datetime, timedelta, timezone

import pytest
from accounts import PASSWORD
from api_client import as_, token
from sqlalchemy import select

from models.identity.accounts import set_disabled, set_password
from models.identity.personal_tokens import create_token, revoke_token
from models.identity.throttle import ACCOUNT_FAILURES, ADDRESS_FAILURES
from models.store.database import reading
from models.tables.accounts import AuthEvent


def kinds(db_url) -> list[str]:
    with reading(db_url) as session:
        return list(session.scalars(select(AuthEvent.kind).order_by(AuthEvent.id)))


def test_a_password_gives_a_bearer_token_that_names_the_person(world_api):
    client, _ = world_api
    me = client.get("/api/v1/me", headers=as_(client, "办公室联络员"))
    assert me.status_code == 200
    assert (me.json()["name"], me.json()["unit"], me.json()["whole_ledger"]) == ("办公室联络员", "办公室", False)


def test_without_credentials_the_answer_is_401_problem_json_in_chinese(world_api):
    client, _ = world_api
    answer = client.get("/api/v1/items")
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.json()["kind"] == "NotSignedIn" and "需要登录" in answer.json()["detail"]
    forged = client.get("/api/v1/items", headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401 and "凭据无效" in forged.json()["detail"]


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(world_api):
    client, db_url = world_api
    wrong = client.post("/api/v1/auth/token", data={"username": "办公室联络员", "password": "Wrong12345x"})
    nobody = client.post("/api/v1/auth/token", data={"username": "查无此人", "password": "Wrong12345x"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json()["detail"] == nobody.json()["detail"] == "姓名或密码错误"
    assert kinds(db_url) == ["sign_in_failed", "sign_in_failed"]


@pytest.mark.slow
def test_too_many_failures_lock_the_account_even_against_the_right_password(world_api):
    client, db_url = world_api
    for _ in range(ACCOUNT_FAILURES):
        client.post("/api/v1/auth/token", data={"username": "财务联络员", "password": "Wrong12345x"})
    locked = client.post("/api/v1/auth/token", data={"username": "财务联络员", "password": PASSWORD})
    assert locked.status_code == 429 and "账户已暂时锁定" in locked.json()["detail"]
    assert "locked" in kinds(db_url)
    set_password(db_url, "财务联络员", "Another2026x", "整改办")  # the office resets it: the lock is lifted
    assert token(client, "财务联络员", "Another2026x")


@pytest.mark.slow
def test_an_address_failing_against_many_accounts_is_refused_for_a_while(world_api):
    client, _ = world_api
    names = ["组长", "成员甲", "成员乙", "成员丙", "整改办甲", "整改办乙"]
    for attempt in range(ADDRESS_FAILURES):  # never enough on any one account to lock it
        client.post("/api/v1/auth/token", data={"username": names[attempt % len(names)], "password": "Wrong12345x"})
    refused = client.post("/api/v1/auth/token", data={"username": "人事联络员", "password": PASSWORD})
    assert refused.status_code == 429 and "来自本机地址" in refused.json()["detail"]


def test_a_disabled_account_and_a_changed_password_end_existing_tokens(world_api):
    client, db_url = world_api
    headers = as_(client, "办公室主任")
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    set_password(db_url, "办公室主任", "Changed2026x", "整改办")
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    headers = {"Authorization": f"Bearer {token(client, '办公室主任', 'Changed2026x')}"}
    set_disabled(db_url, "办公室主任", True, "整改办")
    gone = client.get("/api/v1/me", headers=headers)
    assert gone.status_code == 401 and "已停用" in gone.json()["detail"]
    again = client.post("/api/v1/auth/token", data={"username": "办公室主任", "password": "Changed2026x"})
    assert again.status_code == 401 and "已停用" in again.json()["detail"]


def test_personal_access_tokens_work_until_revoked_or_expired(world_api):
    client, db_url = world_api
    token_id, secret = create_token(db_url, "整改办甲", "督办平台", None, "整改办")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).json()["name"] == "整改办甲"
    revoke_token(db_url, token_id, "整改办")
    revoked = client.get("/api/v1/me", headers=headers)
    assert revoked.status_code == 401 and "已撤销" in revoked.json()["detail"]

    made = datetime.now(timezone.utc) - timedelta(minutes=10)  # made ten minutes ago, for five minutes
    _, short = create_token(db_url, "整改办甲", "临时", made + timedelta(minutes=5), "整改办", now=made)
    expired = client.get("/api/v1/me", headers={"Authorization": f"Bearer {short}"})
    assert expired.status_code == 401 and "已过期" in expired.json()["detail"]
    assert kinds(db_url).count("token_used") == 1 and kinds(db_url).count("token_refused") == 2


def test_a_token_stored_is_only_its_hash(world_api):
    client, db_url = world_api
    _, secret = create_token(db_url, "整改办甲", "", None, "整改办")
    with reading(db_url) as session:
        from models.tables.accounts import AccountToken

        stored = session.scalars(select(AccountToken.secret_hash)).all()
    assert secret not in stored and all(len(h) == 64 for h in stored)


def test_every_response_carries_the_security_headers(world_api):
    client, _ = world_api
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["x-frame-options"] == "DENY"
