"""Signing in the browser: the inbox of what waits on me, a request's page, and the signature with the password
re-entered — through the same engine as the API, which refuses whatever the page would not have offered."""
from datetime import date, timedelta

from accounts import PASSWORD
from portal_forms import csrf_of, post_form
from sqlalchemy import update
from steps import act, bring_to, item_state

from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
from models.domain.commands import DelegationCommand
from models.domain.vocabulary import State
from models.engine.operations import perform_delegation
from models.queries.audit_log import audit_log
from models.store.database import transaction
from models.tables.ledger import Item


def closing_request(db_url, item_id=1) -> int:
    """An item verified by the office and its close (销号) waiting on the leading group."""
    bring_to(db_url, item_id, State.verified)
    return act(db_url, item_id, "close", "整改办甲").request_id


def sign(client, request_id, **fields):
    data = {"decision": "approve", "password": PASSWORD, **fields}
    return post_form(client, f"/approvals/{request_id}/decision", data, page=f"/approvals/{request_id}")


def signatures(db_url, item_id=1) -> list[str]:
    return [e.actor for e in audit_log(db_url, item_id=item_id) if e.kind in ("signoff_approved", "signoff_refused")]


def test_two_members_approve_a_close_in_the_browser_and_the_item_is_closed(browse, db_url):
    request_id = closing_request(db_url)
    first = browse("成员乙")
    inbox = first.get("/approvals")
    assert inbox.status_code == 200 and f'href="/approvals/{request_id}"' in inbox.text and "同意销号" in inbox.text
    page = first.get(f"/approvals/{request_id}")
    assert page.status_code == 200 and 'name="password"' in page.text and "同意销号" in page.text

    signed = sign(first, request_id)
    assert signed.status_code == 303 and signed.headers["location"] == f"/approvals/{request_id}"
    assert "仍待其他人审批" in first.get(f"/approvals/{request_id}").text
    assert f'href="/approvals/{request_id}"' not in first.get("/approvals").text  # no longer waits on me

    closed = sign(browse("成员丙"), request_id)
    assert closed.status_code == 303 and item_state(db_url, 1) is State.closed
    after = browse("成员丙").get(f"/approvals/{request_id}")
    assert "已批准" in after.text and "已销号" in after.text and 'name="password"' not in after.text
    assert "成员乙：同意销号" in after.text and "成员丙：同意销号" in after.text
    entries = [e for e in audit_log(db_url, item_id=1) if e.kind == "signoff_approved"][-2:]
    assert [e.actor for e in entries] == ["成员乙", "成员丙"]
    assert all(e.data["via"]["channel"] == "web" and e.data["proof"]["method"] == "password" for e in entries)


def test_the_inbox_shows_oldest_first_how_long_each_waited_and_what_it_signs(browse, db_url):
    older = closing_request(db_url, 1)
    newer = closing_request(db_url, 2)
    page = browse("组长").get("/approvals").text
    assert page.index(f'href="/approvals/{older}"') < page.index(f'href="/approvals/{newer}"')
    assert "0小时" in page and page.count("同意销号") == 2 and "共 2 件" in page


def test_a_rejection_without_a_reason_is_refused_and_nothing_is_signed(browse, db_url):
    request_id = closing_request(db_url)
    before = signatures(db_url)
    refused = sign(browse("组长"), request_id, decision="reject", comment="  ")
    assert refused.status_code == 422 and "理由" in refused.text
    assert signatures(db_url) == before
    rejected = sign(browse("组长"), request_id, decision="reject", comment="佐证不足")
    assert rejected.status_code == 303 and item_state(db_url, 1) is State.verified
    page = browse("整改办甲").get(f"/approvals/{request_id}").text
    assert "已退回" in page and "佐证不足" in page and "组长（" not in page and 'name="password"' not in page


def test_a_wrong_password_signs_nothing(browse, db_url):
    request_id = closing_request(db_url)
    before = signatures(db_url)
    client = browse("组长")
    refused = sign(client, request_id, password="NotMine2026x")
    assert refused.status_code == 401 and "密码错误" in refused.text and 'name="password"' in refused.text
    assert signatures(db_url) == before and item_state(db_url, 1) is State.verified
    assert client.get("/approvals", follow_redirects=False).status_code == 200  # still signed in


def test_a_signature_without_the_password_is_refused(browse, db_url):
    request_id = closing_request(db_url)
    refused = sign(browse("组长"), request_id, password="")
    assert refused.status_code == 403 and "验证身份" in refused.text
    assert item_state(db_url, 1) is State.verified


def test_someone_who_may_not_sign_sees_no_form_and_a_forced_post_is_refused(browse, db_url):
    request_id = closing_request(db_url)
    before = signatures(db_url)
    liaison = browse("办公室联络员")  # the item's own unit: may read it, may not sign its close
    page = liaison.get(f"/approvals/{request_id}")
    assert page.status_code == 200 and 'name="password"' not in page.text
    assert f'href="/approvals/{request_id}"' not in liaison.get("/approvals").text
    forced = liaison.post(f"/approvals/{request_id}/decision", follow_redirects=False,
                          data={"decision": "approve", "password": PASSWORD, "csrf": csrf_of(page.text)})
    assert forced.status_code == 403 and signatures(db_url) == before


def test_another_units_liaison_cannot_open_the_request(browse, db_url):
    request_id = closing_request(db_url)
    assert browse("财务联络员").get(f"/approvals/{request_id}").status_code == 403


def test_signing_without_the_sessions_csrf_token_is_refused(browse, db_url):
    request_id = closing_request(db_url)
    client = browse("组长")
    client.get(f"/approvals/{request_id}")
    refused = client.post(f"/approvals/{request_id}/decision", follow_redirects=False,
                          data={"decision": "approve", "password": PASSWORD, "csrf": "forged"})
    assert refused.status_code == 403 and "表单已失效" in refused.text
    assert item_state(db_url, 1) is State.verified


def test_item_text_and_reasons_are_shown_as_text_never_as_markup(browse, db_url):
    with transaction(db_url) as session:
        session.execute(update(Item).where(Item.id == 1).values(text="<script>alert('item')</script>"))
    request_id = closing_request(db_url)
    sign(browse("组长"), request_id, decision="reject", comment="<script>alert('reason')</script>")
    for path in ("/approvals?view=all&state=decided", f"/approvals/{request_id}"):
        page = browse("整改办甲").get(path).text
        assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page


def test_a_deputy_signs_for_their_principal_and_both_names_are_recorded(browse, db_url):
    request_id = closing_request(db_url)
    today = local_day(utcnow(), DEFAULT_ZONE)
    perform_delegation(db_url, DelegationCommand(principal="成员甲", deputy="财务处长", starts=today,
                                                 ends=today + timedelta(days=3), actor="成员甲", reason="出差"))
    deputy = browse("财务处长")
    assert f'href="/approvals/{request_id}"' in deputy.get("/approvals").text
    page = deputy.get(f"/approvals/{request_id}").text
    assert 'value="成员甲"' in page and "代成员甲签署" in page
    assert sign(deputy, request_id, on_behalf_of="成员甲").status_code == 303
    assert "成员甲（财务处长代签）：同意销号" in deputy.get(f"/approvals/{request_id}").text
    assert 'name="password"' not in deputy.get(f"/approvals/{request_id}").text  # signed once: not asked again


def test_a_lapsed_request_says_why_and_offers_no_form(browse, db_url):
    bring_to(db_url, 1, State.in_progress)
    request_id = act(db_url, 1, "extend", "办公室联络员", reason="需要招标", new_deadline=date(2027, 6, 30)).request_id
    act(db_url, 1, "reassign", "整改办甲", reason="职责调整", new_unit="财务处")
    page = browse("组长").get(f"/approvals/{request_id}").text
    assert "已失效" in page and "审批期间已变更" in page and 'name="password"' not in page
    refused = sign(browse("组长"), request_id)
    assert refused.status_code == 409


def test_the_office_and_leaders_see_every_request_and_a_liaison_only_their_own(browse, db_url):
    closing_request(db_url)
    assert "共 1 件" in browse("整改办乙").get("/approvals?view=all&state=pending").text
    assert "共 1 件" in browse("成员丙").get("/approvals?view=all&state=decided").text  # bring_to's verify
    assert browse("办公室联络员").get("/approvals?view=all").status_code == 403
