"""A whole life through the API, as people with only an account and an HTTP client would live it: the liaison
reports with a file and submits, the office verifies and two leading-group members close — each signature with
the signer's password again, recorded with how they authenticated and through which door. Nobody signs for
someone else."""
import pytest
from accounts import PASSWORD
from api_client import as_
from steps import EVIDENCE, act, bring_to

from models.domain.vocabulary import State
from models.queries.audit_log import audit_log


def _decide(client, request_id, signer, **body):
    return client.post(f"/api/v1/approvals/{request_id}/decision", json={"decision": "approve", **body},
                       headers=as_(client, signer))


@pytest.mark.slow
def test_a_close_is_signed_with_passwords_and_the_signatures_prove_their_signers(world_api, monkeypatch):
    from models.domain.approval_policies import POLICIES, ApprovalPolicy, Quorum, Stage
    from models.domain.vocabulary import Role

    monkeypatch.setitem(POLICIES, "leading_group", ApprovalPolicy("leading_group", "两名领导小组成员",
                                                                  (Stage((Quorum(Role.member, 2),)),)))
    client, db_url = world_api
    liaison = as_(client, "办公室联络员")
    upload = client.post("/api/v1/evidence", headers=liaison, files={"file": ("整改报告.pdf", b"%PDF-1.7 report")})
    evidence = upload.json()
    assert client.post("/api/v1/items/1/actions", json={"action": "start"}, headers=liaison).status_code == 200
    submitted = client.post("/api/v1/items/1/actions", headers=liaison, json={
        "action": "submit", "evidence": [{"sha256": evidence["sha256"], "filename": evidence["filename"]}]})
    assert submitted.status_code == 200, submitted.text
    verify = submitted.json()["request_id"]

    waiting = client.get("/api/v1/approvals", headers=as_(client, "整改办乙")).json()
    assert [r["id"] for r in waiting] == [verify] and waiting[0]["meaning"]
    unsigned = _decide(client, verify, "整改办乙")
    assert unsigned.status_code == 403 and unsigned.json()["kind"] == "ReauthRequired"
    wrong = _decide(client, verify, "整改办乙", password="NotMine2026x")
    assert wrong.status_code == 401 and "密码错误" in wrong.json()["detail"]
    assert _decide(client, verify, "整改办乙", password=PASSWORD).json()["fired"]["to_state"] == "verified"

    close = client.post("/api/v1/items/1/actions", json={"action": "close"}, headers=as_(client, "整改办甲")).json()
    assert _decide(client, close["request_id"], "成员乙", password=PASSWORD).json()["status"] == "pending"
    closed = _decide(client, close["request_id"], "组长", password=PASSWORD).json()
    assert closed["fired"]["to_state"] == "closed"
    assert client.get("/api/v1/items/1", headers=liaison).json()["item"]["state_label"] == "已销号"

    signatures = [e for e in audit_log(db_url, item_id=1) if e.kind == "signoff_approved"]
    assert [e.actor for e in signatures] == ["整改办乙", "成员乙", "组长"]
    for entry in signatures:
        assert entry.data["via"]["channel"] == "api" and entry.data["proof"]["method"] == "password"
        assert len(entry.data["snapshot_hash"]) == 64 and entry.data["meaning"]


def test_nobody_signs_for_someone_else(world_api):
    client, db_url = world_api
    bring_to(db_url, 1, State.verified)
    close = client.post("/api/v1/items/1/actions", json={"action": "close"}, headers=as_(client, "整改办甲")).json()
    as_deputy = _decide(client, close["request_id"], "成员丙", password=PASSWORD, on_behalf_of="组长")
    assert as_deputy.status_code == 403  # no delegation from 组长
    liaison_signs = _decide(client, close["request_id"], "办公室联络员", password=PASSWORD)
    assert liaison_signs.status_code == 403  # her own password, but a close is the leading group's to sign
    assert [r.kind for r in audit_log(db_url, item_id=1)].count("signoff_approved") == 1  # only bring_to's verify


def test_a_unit_member_does_not_verify_their_own_units_item_even_when_forced(world_api):
    client, db_url = world_api
    act(db_url, 1, "start", "办公室联络员")
    request_id = act(db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE]).request_id
    forced = _decide(client, request_id, "办公室主任", password=PASSWORD)
    assert forced.status_code == 403
