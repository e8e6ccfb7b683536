"""The item page: what the item is and how it went, its evidence behind sign-in, and only the actions this person may
take now — with the engine refusing a forced form all the same."""
import hashlib
import re

from portal_forms import csrf_of
from sqlalchemy import func, select
from steps import EVIDENCE, act

from models.queries.audit_log import audit_log
from models.store.database import reading, transaction
from models.tables.audit import AuditEntry
from models.tables.ledger import Item

VERSION = re.compile(r'name="version" value="(\d+)"')


def audit_count(db_url) -> int:
    with reading(db_url) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def post_action(client, item_id, data, files=None):
    page = client.get(f"/items/{item_id}")
    version = VERSION.search(page.text)
    fields = {"version": version.group(1) if version else "1", "csrf": csrf_of(page.text), **data}
    return client.post(f"/items/{item_id}/actions", data=fields, files=files, follow_redirects=False)


def test_the_item_page_shows_problem_measures_units_leader_and_the_deadlines_original_text(browse):
    page = browse("办公室联络员").get("/items/1")
    assert page.status_code == 200
    for shown in ("问题1", "措施1-1", "措施1-2", "办公室", "成员甲", "2026年12月底", "已交办"):
        assert shown in page.text


def test_the_item_page_needs_signing_in_and_sends_back_after(browse):
    answer = browse(None).get("/items/1", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/items/1"


def test_another_units_item_is_refused(browse):
    answer = browse("财务联络员").get("/items/1")
    assert answer.status_code == 403 and "不属于您所在的单位" in answer.text


def test_a_problem_text_with_markup_is_shown_as_text(browse, db_url):
    with transaction(db_url) as session:
        session.get(Item, 1).text = "<script>alert(1)</script>问题"
    page = browse("办公室联络员").get("/items/1")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text


def test_the_unit_sees_start_and_progress_but_no_verify_or_reassign(browse):
    page = browse("办公室联络员").get("/items/1").text
    assert 'value="start"' in page and "报送进展" in page
    assert 'value="verify"' not in page and 'value="reassign"' not in page


def test_a_member_of_the_items_own_unit_gets_no_verify_button_and_a_forced_verify_is_refused(browse, db_url):
    act(db_url, 1, "start", "办公室联络员")
    client = browse("办公室主任")
    assert 'value="verify"' not in client.get("/items/1").text
    before = audit_count(db_url)
    forced = post_action(client, 1, {"action": "verify"})
    assert forced.status_code == 403 and "无权" in forced.text
    assert audit_count(db_url) == before


def test_the_office_sees_verify_and_reassign_on_an_item_in_progress(browse, db_url):
    act(db_url, 1, "start", "办公室联络员")
    page = browse("整改办甲").get("/items/1").text
    assert 'value="verify"' in page and 'value="reassign"' in page and 'value="submit"' not in page
    assert "报送进展" not in page  # the office does not report a unit's progress


def test_no_submit_button_while_a_verification_request_waits(browse, db_url):
    act(db_url, 1, "start", "办公室联络员")
    act(db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE])
    page = browse("办公室联络员").get("/items/1").text
    assert 'value="submit"' not in page and "待验收" in page and 'href="/approvals/' in page


def test_submitting_with_an_uploaded_file_opens_the_verification_request(browse, db_url, portal_settings):
    act(db_url, 1, "start", "办公室联络员")
    client = browse("办公室联络员")
    content = b"%PDF-1.7 rectification report"
    answer = post_action(client, 1, {"action": "submit", "reason": "已整改到位"},
                         files=[("files", ("整改报告.pdf", content, "application/pdf"))])
    assert answer.status_code == 303 and answer.headers["location"] == "/items/1"
    page = client.get("/items/1").text
    assert "审批申请 #" in page and "待验收" in page
    sha = hashlib.sha256(content).hexdigest()
    assert sha in page and "整改报告.pdf" in page
    download = client.get(f"/evidence/{sha}")
    assert download.status_code == 200 and download.content == content
    assert download.headers["content-type"] == "application/octet-stream"


def test_evidence_downloads_need_signing_in_and_the_right_to_read_the_item(browse, db_url):
    act(db_url, 1, "start", "办公室联络员")
    client = browse("办公室联络员")
    content = b"minutes of the meeting"
    post_action(client, 1, {"action": "submit"}, files=[("files", ("会议纪要.docx", content, "application/octet-stream"))])
    sha = hashlib.sha256(content).hexdigest()
    signed_out = browse(None).get(f"/evidence/{sha}", follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/login?next=/evidence/")
    assert browse("财务联络员").get(f"/evidence/{sha}").status_code == 403
    assert browse("整改办甲").get(f"/evidence/{sha}").status_code == 200
    assert browse("整改办甲").get(f"/evidence/{'0' * 64}").status_code == 404


def test_an_action_missing_its_reason_is_refused_on_the_page_and_nothing_is_written(browse, db_url):
    client = browse("办公室联络员")
    before = audit_count(db_url)
    answer = post_action(client, 1, {"action": "extend", "deadline": "2027-06-30"})
    assert answer.status_code == 422 and "理由" in answer.text and 'value="extend"' in answer.text
    assert audit_count(db_url) == before


def test_a_stale_version_is_refused_as_changed_by_someone_else(browse, db_url):
    client = browse("办公室联络员")
    page = client.get("/items/1")
    act(db_url, 1, "start", "办公室主任")
    answer = client.post("/items/1/actions", data={"action": "extend", "reason": "需要更多时间", "deadline": "2027-06-30",
                                                   "version": VERSION.search(page.text).group(1),
                                                   "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert answer.status_code == 409 and "已被他人修改" in answer.text


def test_marking_long_term_carries_the_stage_targets(browse, db_url):
    client = browse("办公室联络员")
    answer = post_action(client, 1, {"action": "mark_long_term", "reason": "需长期坚持",
                                     "stage_text": ["完成制度修订", ""], "stage_due": ["2027-03-31", ""]})
    assert answer.status_code == 303
    requested = [e for e in audit_log(db_url, item_id=1) if e.kind == "signoff_requested"][-1]
    assert requested.data["stage_targets"] == [{"text": "完成制度修订", "due": "2027-03-31"}]


def test_progress_with_a_file_is_reported_and_shown_in_the_timeline(browse, db_url):
    client = browse("办公室联络员")
    page = client.get("/items/1")
    answer = client.post("/items/1/progress", data={"text": "已召开专题会议<b>部署</b>", "percent": "40",
                                                    "csrf": csrf_of(page.text)},
                         files=[("files", ("专题会议纪要.pdf", b"%PDF minutes", "application/pdf"))],
                         follow_redirects=False)
    assert answer.status_code == 303
    shown = client.get("/items/1").text
    assert "进展已报送" in shown and "已召开专题会议&lt;b&gt;部署&lt;/b&gt;（40%）" in shown
    assert "专题会议纪要.pdf" in shown and "正在整改" in shown  # reporting work started it


def test_progress_by_someone_outside_the_unit_is_refused(browse, db_url):
    client = browse("整改办甲")
    page = client.get("/items/1")
    answer = client.post("/items/1/progress", data={"text": "代报", "csrf": csrf_of(page.text)})
    assert answer.status_code == 403


def test_the_timeline_shows_signatures_with_how_the_signer_proved_it(browse, db_url):
    act(db_url, 1, "start", "办公室联络员")
    outcome = act(db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE])
    from models.domain.clock import utcnow
    from models.domain.commands import DecisionCommand
    from models.domain.via import SignatureProof, Via
    from models.engine.operations import perform_decision

    perform_decision(db_url, DecisionCommand(request_id=outcome.request_id, decision="approve", actor="整改办乙",
                                             proof=SignatureProof(method="password", at=utcnow())),
                     Via(channel="web", method="password"))
    page = browse("办公室联络员").get("/items/1").text
    assert re.search(r"签署：整改办乙：[^<]+ — 再次输入密码", page) and "已验收" in page


def test_action_forms_refuse_a_post_without_the_csrf_token(browse, db_url):
    client = browse("办公室联络员")
    before = audit_count(db_url)
    for path, data in (("/items/1/actions", {"action": "start", "version": "1"}),
                       ("/items/1/progress", {"text": "进展"})):
        refused = client.post(path, data={**data, "csrf": "forged"})
        assert refused.status_code == 403 and "表单已失效" in refused.text
    assert audit_count(db_url) == before
