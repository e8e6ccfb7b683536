"""Items through the API: each person sees what they may, reports progress with a file, acts with the engine's
rules (If-Match for the version they saw), and the audit entry says it came through the API."""
import hashlib

from api_client import as_

from models.queries.audit_log import audit_log


def test_a_liaison_sees_their_units_items_and_the_office_sees_all(world_api):
    client, _ = world_api
    own = client.get("/api/v1/items", headers=as_(client, "办公室联络员")).json()
    assert own["total"] == 3 and {row["lead_unit"] for row in own["rows"]} == {"办公室"}
    other = client.get("/api/v1/items", headers=as_(client, "财务联络员")).json()
    assert other == {"rows": [], "total": 0, "calendar_unknown": []}
    assert client.get("/api/v1/items", headers=as_(client, "整改办甲")).json()["total"] == 3
    refused = client.get("/api/v1/items", params={"unit": "办公室"}, headers=as_(client, "财务联络员"))
    assert refused.status_code == 403 and refused.json()["kind"] == "NotYourRole"
    assert client.get("/api/v1/items/1", headers=as_(client, "财务联络员")).status_code == 403
    assert client.get("/api/v1/items/99", headers=as_(client, "整改办甲")).status_code == 404
    page = client.get("/api/v1/items", params={"limit": 2, "offset": 1}, headers=as_(client, "整改办甲")).json()
    assert [row["id"] for row in page["rows"]] == [2, 3] and page["total"] == 3


def test_progress_with_a_file_is_stored_by_its_sha256_and_recorded_as_through_the_api(world_api, settings):
    client, db_url = world_api
    content = "整改情况说明".encode() * 100
    answer = client.post("/api/v1/items/1/progress", headers=as_(client, "办公室联络员"),
                         data={"text": "已修订制度并印发", "percent": "60"},
                         files=[("files", ("../../制度文件.pdf", content, "application/pdf"))])
    assert answer.status_code == 200, answer.text
    [evidence] = answer.json()["evidence"]
    assert evidence["sha256"] == hashlib.sha256(content).hexdigest() and evidence["filename"] == "制度文件.pdf"
    assert (settings.evidence_dir / evidence["sha256"][:2] / evidence["sha256"]).read_bytes() == content
    detail = client.get("/api/v1/items/1", headers=as_(client, "办公室联络员")).json()
    assert detail["item"]["state"] == "in_progress"  # reporting work started it
    reported = [e for e in audit_log(db_url, item_id=1) if e.kind == "progress_reported"][-1]
    assert reported.actor == "办公室联络员"
    assert reported.data["via"]["channel"] == "api" and reported.data["via"]["method"] == "token"


def test_an_action_refused_by_the_engine_is_a_403_and_a_stale_version_a_409(world_api):
    client, _ = world_api
    version = client.get("/api/v1/items/1", headers=as_(client, "办公室联络员")).json()["item"]["version"]
    started = client.post("/api/v1/items/1/actions", json={"action": "start"}, headers={
        **as_(client, "办公室联络员"), "If-Match": str(version)})
    assert started.status_code == 200 and started.json()["to_state"] == "in_progress"
    stale = client.post("/api/v1/items/1/actions", json={"action": "extend", "reason": "需协调", "deadline": "2027-06-30"},
                        headers={**as_(client, "办公室联络员"), "If-Match": f'"{version}"'})
    assert stale.status_code == 409 and stale.json()["kind"] == "ItemChanged"
    reassign = client.post("/api/v1/items/1/actions", json={"action": "reassign", "reason": "调整", "unit": "财务处"},
                           headers=as_(client, "办公室联络员"))
    assert reassign.status_code == 403 and "无权" in reassign.json()["detail"]
    missing = client.post("/api/v1/items/2/actions", json={"action": "extend"}, headers=as_(client, "办公室联络员"))
    assert missing.status_code == 422 and "理由" in missing.json()["detail"]


def test_a_request_that_does_not_fit_the_schema_is_a_chinese_422(world_api):
    client, _ = world_api
    answer = client.post("/api/v1/items/1/actions", json={"action": "fly"}, headers=as_(client, "整改办甲"))
    assert answer.status_code == 422 and answer.json()["detail"].startswith("请求内容有误：action")


def test_reports_and_the_audit_log_of_an_item(world_api):
    client, _ = world_api
    ledger = client.get("/api/v1/reports/ledger", headers=as_(client, "整改办甲"))
    assert ledger.status_code == 200 and ledger.content[:2] == b"PK"
    report = client.get("/api/v1/reports/progress", params={"format": "md"}, headers=as_(client, "组长"))
    assert report.status_code == 200 and "整改进展情况" in report.text
    refused = client.get("/api/v1/reports/ledger", headers=as_(client, "办公室联络员"))
    assert refused.status_code == 403
    log = client.get("/api/v1/items/1/audit", headers=as_(client, "办公室联络员")).json()
    assert [e["kind"] for e in log] == ["item_imported"]
    campaigns = client.get("/api/v1/campaigns", headers=as_(client, "办公室联络员")).json()
    assert [(c["title"], c["items"]) for c in campaigns] == [("测试巡察整改台账", 3)]
