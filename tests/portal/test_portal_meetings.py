"""会议审议 in the browser: the office records a leading-group meeting deciding pending requests in a batch, as
`rectiflow approvals meeting` does — all of them, or none — and sees what was recorded."""
from portal_forms import csrf_of, post_form
from sqlalchemy import update
from steps import act, bring_to, item_state

from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
from models.domain.vocabulary import State
from models.queries.audit_log import audit_log
from models.store.database import transaction
from models.tables.ledger import Item


def closing_request(db_url, item_id) -> int:
    bring_to(db_url, item_id, State.verified)
    return act(db_url, item_id, "close", "整改办甲").request_id


def meeting_form(**fields) -> dict:
    return {"held_on": local_day(utcnow(), DEFAULT_ZONE).isoformat(), "chair": "组长", "attendees": ["成员乙", "成员丙"], **fields}


def recorded(db_url) -> list:
    return [e for e in audit_log(db_url) if e.kind == "meeting_decided"]


def test_the_office_records_a_meeting_closing_one_and_rejecting_another(browse, db_url):
    first, second, untouched = (closing_request(db_url, i) for i in (1, 2, 3))
    office = browse("整改办乙")
    form = office.get("/meetings/new")
    assert form.status_code == 200 and all(f'name="decision_{r}"' in form.text for r in (first, second, untouched))
    answer = post_form(office, "/meetings/new", meeting_form(**{
        f"decision_{first}": "approve", f"decision_{second}": "reject", f"reason_{second}": "佐证材料不全",
        f"decision_{untouched}": ""}))
    assert answer.status_code == 303 and answer.headers["location"].startswith("/meetings/")
    assert [item_state(db_url, i) for i in (1, 2, 3)] == [State.closed, State.verified, State.verified]
    page = office.get(answer.headers["location"]).text
    assert "组长" in page and "成员乙" in page and "佐证材料不全" in page and "已批准" in page and "已退回" in page
    assert "同意销号" in page and f'href="/approvals/{untouched}"' not in page
    assert len(recorded(db_url)) == 2
    assert f'name="decision_{untouched}"' in office.get("/meetings/new").text  # still waits for a later meeting


def test_a_meeting_that_cannot_pass_one_request_records_nothing(browse, db_url):
    request_id = closing_request(db_url, 1)
    answer = post_form(browse("整改办乙"), "/meetings/new",
                       meeting_form(chair="成员乙", attendees=[], **{f"decision_{request_id}": "approve"}))
    assert answer.status_code == 422 and "不足以通过" in answer.text and "未记录" in answer.text
    assert recorded(db_url) == [] and item_state(db_url, 1) is State.verified


def test_a_rejection_without_a_reason_records_nothing(browse, db_url):
    request_id = closing_request(db_url, 1)
    answer = post_form(browse("整改办乙"), "/meetings/new", meeting_form(**{f"decision_{request_id}": "reject"}))
    assert answer.status_code == 422 and "理由" in answer.text and recorded(db_url) == []


def test_only_the_office_records_meetings(browse, db_url):
    request_id = closing_request(db_url, 1)
    leader = browse("组长")
    assert leader.get("/meetings/new").status_code == 403
    forced = leader.post("/meetings/new", follow_redirects=False, data={
        **meeting_form(**{f"decision_{request_id}": "approve"}), "csrf": csrf_of(leader.get("/").text)})
    assert forced.status_code == 403 and recorded(db_url) == []
    assert "/meetings/new" not in leader.get("/").text  # not offered in the navigation either


def test_recording_without_the_sessions_csrf_token_is_refused(browse, db_url):
    request_id = closing_request(db_url, 1)
    office = browse("整改办乙")
    refused = office.post("/meetings/new", follow_redirects=False,
                          data={**meeting_form(**{f"decision_{request_id}": "approve"}), "csrf": "forged"})
    assert refused.status_code == 403 and recorded(db_url) == []


def test_item_text_and_reasons_are_shown_as_text_never_as_markup(browse, db_url):
    with transaction(db_url) as session:
        session.execute(update(Item).where(Item.id == 1).values(text="<script>alert('item')</script>"))
    request_id = closing_request(db_url, 1)
    office = browse("整改办乙")
    assert "&lt;script&gt;alert(" in office.get("/meetings/new").text
    answer = post_form(office, "/meetings/new", meeting_form(**{
        f"decision_{request_id}": "reject", f"reason_{request_id}": "<script>alert('reason')</script>"}))
    page = office.get(answer.headers["location"]).text
    assert "<script>alert(" not in page and "&lt;script&gt;alert(&#39;reason" in page


def test_a_liaison_cannot_read_a_meetings_record(browse, db_url):
    request_id = closing_request(db_url, 1)
    answer = post_form(browse("整改办乙"), "/meetings/new", meeting_form(**{f"decision_{request_id}": "approve"}))
    assert browse("办公室联络员").get(answer.headers["location"]).status_code == 403
    assert browse("成员丙").get(answer.headers["location"]).status_code == 200
