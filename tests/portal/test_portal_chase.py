"""催办 from the board: one click for the office on an item or a unit — audited, the unit's liaison and head told,
the board saying so; anyone else forcing the form is refused by the engine and nothing is written."""
from portal_forms import csrf_of, post_form
from sqlalchemy import select
from steps import counts

from models.domain.events import UNIT_CHASED
from models.store.database import reading
from models.tables.audit import AuditEntry
from models.tables.outbox import OutboxMessage


def chase_entries(db_url) -> list[AuditEntry]:
    with reading(db_url) as session:
        return session.scalars(select(AuditEntry).where(AuditEntry.kind == UNIT_CHASED)).all()


def recipients(db_url, audit_seq: int) -> set[str]:
    with reading(db_url) as session:
        return set(session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.audit_seq == audit_seq)))


def test_the_office_chases_an_item_in_one_click_and_the_board_says_who_was_told(browse, db_url):
    client = browse("整改办甲")
    board = client.get("/items?state=assigned")
    assert 'action="/chase"' in board.text and 'aria-label="催办事项 2（办公室）"' in board.text
    answer = post_form(client, "/chase", {"item_id": "2", "back": "state=assigned"}, page="/items?state=assigned")
    assert answer.status_code == 303 and answer.headers["location"] == "/items?state=assigned"
    after = client.get(answer.headers["location"])
    assert "已催办办公室（事项 #2），已通知：办公室联络员、办公室主任" in after.text
    assert "已催办" not in client.get("/items").text  # said once
    [entry] = chase_entries(db_url)
    assert (entry.item_id, entry.actor_name, entry.data["unit"]) == (2, "整改办甲", "办公室")
    assert entry.data["via"]["channel"] == "web"
    assert recipients(db_url, entry.seq) == {"办公室联络员", "办公室主任"}


def test_the_office_chases_a_unit_from_the_board_filtered_to_it(browse, db_url):
    client = browse("整改办甲")
    board = client.get("/items?unit=办公室")
    assert "催办办公室（全部未办结牵头事项）" in board.text
    answer = post_form(client, "/chase", {"unit": "办公室", "note": "请周五前报送", "back": "unit=办公室"},
                       page="/items?unit=办公室")
    assert "已催办办公室（3 项未办结事项）" in client.get(answer.headers["location"]).text
    [entry] = chase_entries(db_url)
    assert entry.data["items"] == [1, 2, 3] and entry.reason == "请周五前报送"
    assert recipients(db_url, entry.seq) == {"办公室联络员", "办公室主任"}


def test_a_liaison_sees_no_chase_button_and_forcing_the_form_is_refused_with_nothing_written(browse, db_url):
    client = browse("办公室联络员")
    board = client.get("/items")
    assert 'action="/chase"' not in board.text
    before = counts(db_url)
    refused = client.post("/chase", data={"item_id": "1", "csrf": csrf_of(board.text)}, follow_redirects=False)
    assert refused.status_code == 403 and "只有整改办可以催办" in refused.text
    assert counts(db_url) == before and chase_entries(db_url) == []


def test_a_chase_without_the_sessions_csrf_token_is_refused_with_nothing_written(browse, db_url):
    client = browse("整改办甲")
    before = counts(db_url)
    refused = client.post("/chase", data={"item_id": "1", "csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 403 and "表单已失效" in refused.text
    assert counts(db_url) == before


def test_a_unit_named_in_the_url_is_echoed_into_the_chase_form_as_text(browse):
    page = browse("整改办甲").get("/items", params={"unit": "<script>alert(1)</script>"})
    assert page.status_code == 200 and "催办&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert" not in page.text
