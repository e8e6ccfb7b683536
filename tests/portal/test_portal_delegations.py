"""代签授权 in the browser: a leader lets a deputy sign for a period and sees it; the office sees every one; the
engine refuses what its rules refuse, however the form is sent."""
from datetime import timedelta

from portal_forms import post_form

from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
from models.queries.audit_log import audit_log


def delegate(client, **fields):
    today = local_day(utcnow(), DEFAULT_ZONE)
    data = {"deputy": "财务处长", "starts": today.isoformat(), "ends": (today + timedelta(days=5)).isoformat(),
            "reason": "出差", **fields}
    return post_form(client, "/delegations", data)


def delegations_granted(db_url) -> list[dict]:
    return [e.data for e in audit_log(db_url) if e.kind == "delegation_granted"]


def test_a_leader_delegates_and_sees_it_given_and_the_deputy_sees_it_received(browse, db_url):
    leader = browse("成员甲")
    form = leader.get("/delegations")
    assert form.status_code == 200 and 'name="deputy"' in form.text and 'name="principal"' not in form.text
    answer = delegate(leader)
    assert answer.status_code == 303 and answer.headers["location"] == "/delegations"
    page = leader.get("/delegations").text
    assert "已授权财务处长" in page and "生效中" in page and "出差" in page
    assert "成员甲" in browse("财务处长").get("/delegations").text
    assert [(d["principal"], d["deputy"]) for d in delegations_granted(db_url)] == [("成员甲", "财务处长")]


def test_a_leader_cannot_delegate_for_someone_else_even_by_forcing_the_form(browse, db_url):
    answer = delegate(browse("成员甲"), principal="组长")
    assert answer.status_code == 303  # the field is ignored: it is their own delegation
    assert [d["principal"] for d in delegations_granted(db_url)] == ["成员甲"]


def test_the_office_delegates_for_a_leader_and_sees_every_delegation(browse, db_url):
    delegate(browse("成员甲"))
    office = browse("整改办甲")
    assert 'name="principal"' in office.get("/delegations").text
    assert delegate(office, principal="组长", deputy="成员丙").status_code == 303
    page = office.get("/delegations").text
    assert "财务处长" in page and "成员丙" in page
    assert [(d["principal"], d["deputy"]) for d in delegations_granted(db_url)] == [("成员甲", "财务处长"),
                                                                                    ("组长", "成员丙")]


def test_an_end_before_the_start_is_refused_in_chinese_and_nothing_is_granted(browse, db_url):
    today = local_day(utcnow(), DEFAULT_ZONE)
    refused = delegate(browse("成员甲"), ends=(today - timedelta(days=1)).isoformat())
    assert refused.status_code == 422 and "早于开始日期" in refused.text
    assert delegations_granted(db_url) == []


def test_a_liaison_is_offered_no_delegation_form(browse):
    page = browse("办公室联络员").get("/delegations")
    assert page.status_code == 200 and 'name="deputy"' not in page.text


def test_delegating_without_the_sessions_csrf_token_is_refused(browse, db_url):
    client = browse("成员甲")
    today = local_day(utcnow(), DEFAULT_ZONE).isoformat()
    refused = client.post("/delegations", follow_redirects=False,
                          data={"deputy": "财务处长", "starts": today, "ends": today, "csrf": "forged"})
    assert refused.status_code == 403 and delegations_granted(db_url) == []


def test_a_reason_is_shown_as_text_never_as_markup(browse):
    client = browse("成员甲")
    delegate(client, reason="<script>alert('x')</script>")
    page = client.get("/delegations").text
    assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page


def test_the_principal_revokes_from_the_page_and_the_deputy_no_longer_sees_it(browse, db_url):
    leader = browse("成员甲")
    delegate(leader)
    page = leader.get("/delegations").text
    revoke_path = page.split('action="/delegations/')[1].split('"')[0]
    assert browse("财务处长").get("/delegations").text.count("撤销</button>") == 0  # the deputy may not revoke
    answer = post_form(leader, f"/delegations/{revoke_path}", page="/delegations")
    assert answer.status_code == 303 and "已撤销代签授权" in leader.get("/delegations").text
    assert "成员甲" not in browse("财务处长").get("/delegations").text.split("<table")[-1]
    assert [e.data["deputy"] for e in audit_log(db_url) if e.kind == "delegation_revoked"] == ["财务处长"]


def test_a_deputy_forcing_a_revocation_is_refused_and_nothing_changes(browse, db_url):
    delegate(browse("成员甲"))
    deputy = browse("财务处长")
    refused = post_form(deputy, "/delegations/1/revoke", page="/delegations")
    assert refused.status_code == 403 and "只有本人或整改办" in refused.text
    assert not [e for e in audit_log(db_url) if e.kind == "delegation_revoked"]
