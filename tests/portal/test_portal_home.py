"""我的待办 for whoever is signed in, and the links messages carry to the portal's pages (behind sign-in)."""
import re
from datetime import date

from sqlalchemy import update
from steps import EVIDENCE, act

from models.domain.refusals import Refused
from models.store.database import transaction
from models.tables.ledger import Item
from notifications.dispatcher import DispatchConfig, dispatch_due


def counts(page: str) -> dict[str, int]:
    block = page.split('class="counts"')[1].split("</ul>")[0]
    return {label: int(n) for n, label in re.findall(r"<strong>(\d+)</strong>([^<]+)</li>", block)}


def submitted(db_url):
    act(db_url, 1, "start", "办公室联络员")
    return act(db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE])


def test_home_needs_signing_in(browse):
    answer = browse(None).get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/"


def test_a_liaison_sees_the_units_open_items_with_light_deadline_text_and_working_days_left(browse, db_url):
    with transaction(db_url) as session:
        session.execute(update(Item).where(Item.id == 2).values(deadline=date(2026, 1, 5)))
    page = browse("办公室联络员").get("/")
    assert page.status_code == 200
    assert "本单位待办事项" in page.text and "2026年12月底" in page.text
    assert 'href="/items/1"' in page.text and 'href="/items/3"' in page.text
    assert "已逾期" in page.text and 'class="light red"' in page.text
    assert counts(page.text)["待办事项"] == 3 and counts(page.text)["红灯"] == 1
    assert page.text.index('href="/items/2"') < page.text.index('href="/items/1"')  # red first


def test_another_units_liaison_sees_none_of_these_items(browse):
    page = browse("财务联络员").get("/")
    assert 'href="/items/1"' not in page.text and counts(page.text)["待办事项"] == 0


def test_the_request_waiting_on_the_office_is_listed_with_a_link_to_sign_it(browse, db_url):
    outcome = submitted(db_url)
    page = browse("整改办乙").get("/")
    assert f'href="/approvals/{outcome.request_id}"' in page.text and counts(page.text)["待我审批"] == 1
    assert counts(browse("办公室联络员").get("/").text)["待我审批"] == 0


def test_a_deputy_sees_the_requests_waiting_on_their_principal(browse, db_url):
    from datetime import timedelta

    from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
    from models.domain.commands import DelegationCommand
    from models.engine.operations import perform_delegation

    act(db_url, 1, "start", "办公室联络员")
    outcome = act(db_url, 1, "extend", "办公室联络员", reason="需要协调", new_deadline=date(2027, 6, 30))
    today = local_day(utcnow(), DEFAULT_ZONE)
    perform_delegation(db_url, DelegationCommand(principal="组长", deputy="成员丙", starts=today,
                                                 ends=today + timedelta(days=7), actor="组长"))
    page = browse("成员丙").get("/")
    assert f'href="/approvals/{outcome.request_id}"' in page.text


def test_the_office_sees_overdue_items(browse, db_url):
    with transaction(db_url) as session:
        session.execute(update(Item).where(Item.id == 3).values(deadline=date(2026, 1, 5)))
    page = browse("整改办甲").get("/").text
    assert "逾期事项" in page and 'href="/items/3"' in page and 'href="/items/1"' not in page


def test_messages_received_are_listed_with_their_titles_and_links(browse, db_url):
    submitted(db_url)
    page = browse("办公室主任").get("/").text  # told of what the liaison did
    assert "收到的提醒" in page and "【开始整改】" in page and 'href="/items/1"' in page


def test_item_text_with_markup_is_escaped_on_home(browse, db_url):
    with transaction(db_url) as session:
        session.get(Item, 1).text = "<script>alert(1)</script>"
    page = browse("办公室联络员").get("/").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_sent_message_links_to_its_request_and_item_and_the_link_lands_behind_sign_in(browse, db_url, tmp_path):
    outcome = submitted(db_url)
    sink = tmp_path / "sink.log"
    dispatch_due(DispatchConfig(db_url=db_url, fallback_url=None, sink_path=str(sink),
                                public_url="http://testserver/"))
    sent = sink.read_text(encoding="utf-8")
    assert f"http://testserver/approvals/{outcome.request_id}" in sent and "http://testserver/items/1" in sent
    link = "http://testserver/items/1"
    opened = browse(None).get(link, follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/login?next=/items/1"


def test_without_a_public_url_messages_carry_no_links(portal_app, db_url, tmp_path):
    submitted(db_url)
    sink = tmp_path / "sink.log"
    dispatch_due(DispatchConfig(db_url=db_url, fallback_url=None, sink_path=str(sink)))
    assert "/items/1" not in sink.read_text(encoding="utf-8")


def test_opening_a_message_link_changes_nothing(browse, db_url):
    outcome = submitted(db_url)
    client = browse("整改办乙")
    client.get(f"/items/{outcome.item_id}")
    try:
        act(db_url, 1, "start", "办公室联络员")
    except Refused:
        pass  # already started: the page view above did not move it anywhere
    from models.queries.requests import list_requests

    assert [r.id for r in list_requests(db_url, pending_only=True)] == [outcome.request_id]


def leaders_portfolio(db_url):
    """Eight items of 成员甲's with deadlines from 40 days late to 400 days ahead, one waiting on an extension:
    (today, the leader's id, the rule's red and yellow rows over the whole ledger)."""
    from datetime import timedelta

    from world import build_world

    from models.domain.commands import ActionCommand, Change
    from models.engine.operations import perform_action
    from models.queries.items import list_items
    from models.queries.readers import reader
    from models.tables.organisation import Person

    build_world(db_url, items=8)
    today = date(2026, 11, 30)
    with transaction(db_url) as session:
        for number, item in enumerate(session.query(Item).order_by(Item.id)):
            item.deadline = today + timedelta(days=(-3, 2, 10, 30, 90, 400, -40, 5)[number])
        leader = session.query(Person).filter_by(name="成员甲").one().id
    perform_action(db_url, ActionCommand(item_id=5, action="extend", actor="办公室联络员",
                                         change=Change(reason="需协调", new_deadline=today + timedelta(days=500))))
    lit = [r for r in list_items(db_url, today).rows if r.light in ("red", "yellow")]
    return today, reader(db_url, leader).person_id, lit


def test_a_leaders_lit_items_are_exactly_the_rules_red_and_yellow_ones_of_their_portfolio(db_url):
    """The leader's list reads only items that may be lit (models/queries/lights.py: may_be_lit), then asks the
    rule: whatever the deadlines and requests, it is the rule's answer over the whole portfolio."""
    from models.queries.inbox import inbox

    today, leader, lit = leaders_portfolio(db_url)
    shown = [t.item.id for t in inbox(db_url, leader, today).items]
    assert sorted(shown) == sorted(r.id for r in lit) and lit


def test_the_list_shows_the_most_urgent_and_counts_them_all(db_url, monkeypatch):
    """Red before yellow, then the nearest deadline: the page shows the first few; the counts on top are whole."""
    from models.queries import inbox as inbox_module

    today, leader, lit = leaders_portfolio(db_url)
    monkeypatch.setattr(inbox_module, "SHOWN", 2)
    todo = inbox_module.inbox(db_url, leader, today)
    urgent = sorted(lit, key=lambda r: (r.light != "red", r.deadline or date.max, r.id))
    assert [t.item.id for t in todo.items] == [r.id for r in urgent[:2]] and len(lit) > 2
    assert (todo.items_total, todo.items_red) == (len(lit), sum(r.light == "red" for r in lit))


def test_a_change_to_an_item_shows_on_the_leaders_next_view(db_url):
    """The lit items are judged once and kept while nothing changes (models/store/kept_answers.py); an item
    verified since leaves the list and its red count at once."""
    from steps import bring_to

    from models.domain.vocabulary import State
    from models.queries.inbox import inbox

    today, leader, lit = leaders_portfolio(db_url)
    before = inbox(db_url, leader, today)
    overdue = next(t.item.id for t in before.items if t.item.light == "red")
    assert inbox(db_url, leader, today).items_total == before.items_total  # viewed again, nothing changed
    bring_to(db_url, overdue, State.verified)
    after = inbox(db_url, leader, today)
    assert overdue not in [t.item.id for t in after.items]
    assert (after.items_total, after.items_red) == (before.items_total - 1, before.items_red - 1)


def test_after_progress_reports_a_change_still_shows_on_the_leaders_next_view(db_url):
    """Progress reports change no light: the judged list is kept across them (models/domain/events.py:
    LIGHTS_UNCHANGED_BY) — the first one starts its item, an entry of its own — and a change after them shows at
    once."""
    from steps import EVIDENCE, act, decide

    from models.domain.commands import ProgressCommand
    from models.engine.operations import perform_progress
    from models.queries.inbox import inbox

    today, leader, lit = leaders_portfolio(db_url)
    before = inbox(db_url, leader, today)
    overdue = next(t.item.id for t in before.items if t.item.light == "red")
    another = next(item for item in range(1, 9) if item != overdue)
    for item in (overdue, overdue, another):
        perform_progress(db_url, ProgressCommand(item_id=item, actor="办公室联络员", text="已召开专题会议"))
    assert inbox(db_url, leader, today).items_total == before.items_total
    decide(db_url, act(db_url, overdue, "submit", "办公室联络员", evidence=[EVIDENCE]).request_id, "整改办乙")
    perform_progress(db_url, ProgressCommand(item_id=another, actor="办公室联络员", text="已完成自查"))  # passing
    after = inbox(db_url, leader, today)
    assert overdue not in [t.item.id for t in after.items]
    assert (after.items_total, after.items_red) == (before.items_total - 1, before.items_red - 1)
