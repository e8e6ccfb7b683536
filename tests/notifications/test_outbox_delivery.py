"""From a transition to a delivered message: outbox rows written by the engine, dispatched to real receivers.

Traffic stays on 127.0.0.1 (SMTP and HTTP receivers); DingTalk's public API is intercepted in-process.
Time is never waited for: dispatches are given `now=` past a row's next attempt instead.
"""
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from receivers import LOOPBACK_ALLOWED
from sqlalchemy import select
from world import build_world

from models.domain.clock import utcnow
from models.domain.commands import ActionCommand
from models.domain.vocabulary import Action, State
from models.engine.operations import perform_action
from models.store.database import reading, transaction
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.organisation import Person
from models.tables.outbox import DEAD, FAILED, SENT, OutboxMessage
from notifications import outbox_store
from notifications.dispatcher import DispatchConfig, dispatch_due

pytestmark = pytest.mark.usefixtures("loopback_only")

ACTOR = "办公室联络员"
# who is told that item 1 started: its unit's head (the liaison acted), its leader, the office
STARTED_RECIPIENTS = {"办公室主任", "成员甲", "整改办甲", "整改办乙"}
STARTED_TITLE = "【开始整改】事项 #1 已进入整改"
BACKOFF = timedelta(seconds=60)


def config_for(db_url: str, tmp_path, **overrides) -> DispatchConfig:
    settings = dict(db_url=db_url, fallback_url=None, sink_path=str(tmp_path / "messages.log"),
                    timeout_seconds=2, backoff_seconds=BACKOFF.total_seconds(), allowed_hosts=LOOPBACK_ALLOWED)
    return DispatchConfig(**{**settings, **overrides})


def give_addresses(db_url: str, addresses: dict[str, list[str]]) -> None:
    with transaction(db_url) as session:
        for name, urls in addresses.items():
            session.scalars(select(Person).where(Person.name == name)).one().addresses = urls


def person_ids(db_url: str) -> dict[str, int]:
    with reading(db_url) as session:
        return {p.name: p.id for p in session.scalars(select(Person))}


def start(db_url: str, item_id: int = 1) -> None:
    outcome = perform_action(db_url, ActionCommand(item_id=item_id, action=Action.start, actor=ACTOR))
    assert outcome.fired and outcome.to_state is State.in_progress


def rows(db_url: str, event: str | None = None) -> list[OutboxMessage]:
    with reading(db_url) as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if event:
            query = query.where(OutboxMessage.event == event)
        return list(session.scalars(query))


def started_row(db_url: str, recipient: str) -> OutboxMessage:
    [row] = [r for r in rows(db_url, "item_started") if r.recipient == recipient]
    return row


def assert_item_1_started(db_url: str) -> None:
    with reading(db_url) as session:
        assert session.get(Item, 1).current_state is State.in_progress
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.item_id == 1,
                                                           AuditEntry.kind == "item_started")).all()
        assert (entry.actor_name, entry.from_state, entry.to_state) == (ACTOR, "assigned", "in_progress")


def sink_records(tmp_path) -> list[str]:
    return (tmp_path / "messages.log").read_text(encoding="utf-8").split("===== ")[1:]


# ---- delivered to real receivers --------------------------------------------------------------------


def test_transition_message_reaches_smtp_receiver_in_chinese(sqlite_url, tmp_path, smtp_receiver):
    build_world(sqlite_url)
    mail_of = {name: f"p{pid}@example.org" for name, pid in person_ids(sqlite_url).items()}
    give_addresses(sqlite_url, {name: [smtp_receiver.mailto_url(to=mail)] for name, mail in mail_of.items()})
    start(sqlite_url)

    report = dispatch_due(config_for(sqlite_url, tmp_path))

    mails = [m for m in smtp_receiver.messages if m.subject == STARTED_TITLE]
    assert sorted(r for m in mails for r in m.recipients) == sorted(mail_of[name] for name in STARTED_RECIPIENTS)
    for mail in mails:
        assert "已将事项 #1 标记为「正在整改」" in mail.html
        assert "牵头单位：办公室" in mail.html
    started = rows(sqlite_url, "item_started")
    assert {r.recipient for r in started} == STARTED_RECIPIENTS
    assert {(r.status, r.attempts, r.last_error) for r in started} == {(SENT, 1, None)}
    assert all(r.sent_at is not None for r in started)
    assert report.sent == len(rows(sqlite_url)) and report.errors == []


def test_webhook_receiver_gets_json_message(sqlite_url, tmp_path, http_receiver):
    build_world(sqlite_url)
    ids = person_ids(sqlite_url)
    give_addresses(sqlite_url, {name: [http_receiver.json_url(f"/hook/{pid}")] for name, pid in ids.items()})
    start(sqlite_url)

    dispatch_due(config_for(sqlite_url, tmp_path))

    assert sorted(r.path for r in http_receiver.requests) == sorted(f"/hook/{ids[n]}" for n in STARTED_RECIPIENTS)
    for request in http_receiver.requests:
        assert request.method == "POST"
        assert request.headers["content-type"] == "application/json"
        message = request.json()
        assert message["title"] == STARTED_TITLE
        assert "已将事项 #1 标记为「正在整改」" in message["message"]
    assert {r.status for r in rows(sqlite_url)} == {SENT}


def test_people_without_address_go_to_local_sink(sqlite_url, tmp_path):
    build_world(sqlite_url)
    start(sqlite_url)

    dispatch_due(config_for(sqlite_url, tmp_path))

    records = sink_records(tmp_path)
    for recipient in STARTED_RECIPIENTS:
        [record] = [r for r in records if f"收件人: {recipient}\n标题: {STARTED_TITLE}\n" in r]
        assert "已将事项 #1 标记为「正在整改」" in record
    assert sum(STARTED_TITLE in r for r in records) == len(STARTED_RECIPIENTS)
    assert len(records) == len(rows(sqlite_url))  # the ledger's import notices too
    assert {r.status for r in rows(sqlite_url)} == {SENT}


# ---- failures: the transition stays, the row is retried ---------------------------------------------


def test_receiver_500_keeps_transition_and_retries_later(db_url, tmp_path, http_receiver):
    build_world(db_url)
    give_addresses(db_url, {"成员甲": [http_receiver.json_url("/hook/leader")]})
    http_receiver.answer({"error": "boom"}, status=500)
    start(db_url)
    config = config_for(db_url, tmp_path)
    now = utcnow()

    report = dispatch_due(config, now=now)

    assert_item_1_started(db_url)
    row = started_row(db_url, "成员甲")
    assert (row.status, row.attempts) == (FAILED, 1)
    assert "500" in row.last_error
    assert row.next_attempt_at == now + BACKOFF
    assert report.failed == 1 and report.given_up == 0
    assert {r.status for r in rows(db_url) if r.id != row.id} == {SENT}  # the sink's rows were not held up

    again = dispatch_due(config, now=now)  # not due yet

    assert again.sent == again.failed == 0
    assert len(http_receiver.requests) == 1
    assert started_row(db_url, "成员甲").status == FAILED

    http_receiver.answer({})
    dispatch_due(config, now=row.next_attempt_at + timedelta(seconds=1))

    row = started_row(db_url, "成员甲")
    assert (row.status, row.attempts, row.last_error) == (SENT, 2, None)
    assert len(http_receiver.requests) == 2  # one refused, one delivered
    assert http_receiver.requests[-1].json()["title"] == STARTED_TITLE


def test_receiver_that_hangs_times_out_and_row_is_retried(sqlite_url, tmp_path, http_receiver):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": [http_receiver.json_url("/hook/leader")]})
    start(sqlite_url)
    config = config_for(sqlite_url, tmp_path, timeout_seconds=0.5)
    now = utcnow()
    http_receiver.hold_responses()

    dispatch_due(config, now=now)

    assert_item_1_started(sqlite_url)
    row = started_row(sqlite_url, "成员甲")
    assert (row.status, row.attempts) == (FAILED, 1)
    assert row.last_error
    assert row.next_attempt_at > now
    assert len(http_receiver.requests) == 1  # it arrived; the answer never came

    http_receiver.release()
    dispatch_due(config, now=row.next_attempt_at)

    assert started_row(sqlite_url, "成员甲").status == SENT
    assert len(http_receiver.requests) == 2


def test_dingtalk_errcode_in_200_is_recorded_as_failed(sqlite_url, tmp_path, intercepted_requests):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": ["dingtalk://0123abcd/"]})
    intercepted_requests.answer({"errcode": 310000, "errmsg": "keywords not in content"})
    start(sqlite_url)

    report = dispatch_due(config_for(sqlite_url, tmp_path))

    assert_item_1_started(sqlite_url)
    row = started_row(sqlite_url, "成员甲")
    assert (row.status, row.attempts) == (FAILED, 1)
    assert "errcode=310000" in row.last_error and "keywords not in content" in row.last_error
    assert intercepted_requests.only_request().url.startswith("https://oapi.dingtalk.com/robot/send")
    assert report.failed == 1


def test_gives_up_after_max_attempts_and_retry_requeues(db_url, tmp_path, http_receiver):
    build_world(db_url)
    give_addresses(db_url, {"成员甲": [http_receiver.json_url("/hook/leader")]})
    http_receiver.answer(status=500)
    start(db_url)
    config = config_for(db_url, tmp_path, max_attempts=2)
    now = utcnow()

    dispatch_due(config, now=now)
    assert (started_row(db_url, "成员甲").status, started_row(db_url, "成员甲").attempts) == (FAILED, 1)
    later = started_row(db_url, "成员甲").next_attempt_at
    report = dispatch_due(config, now=later)

    row = started_row(db_url, "成员甲")
    assert (row.status, row.attempts) == (DEAD, 2)
    assert "500" in row.last_error
    assert report.given_up == 1
    assert dispatch_due(config, now=later + timedelta(days=30)).sent == 0  # given up: never tried again
    assert len(http_receiver.requests) == 2

    assert outbox_store.retry(db_url) == 1
    row = started_row(db_url, "成员甲")
    assert (row.status, row.attempts) == ("pending", 0)

    http_receiver.answer({})
    report = dispatch_due(config, now=later + timedelta(days=30))

    assert report.sent == 1
    assert started_row(db_url, "成员甲").status == SENT
    assert len(http_receiver.requests) == 3


def test_unknown_address_scheme_is_given_up_at_once(sqlite_url, tmp_path):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": ["nosuchscheme://example.org/x"]})
    start(sqlite_url)

    report = dispatch_due(config_for(sqlite_url, tmp_path))  # max_attempts is 8

    row = started_row(sqlite_url, "成员甲")
    assert (row.status, row.attempts) == (DEAD, 1)
    assert "无法识别的通知地址" in row.last_error
    assert report.given_up == 1 and report.failed == 0


# ---- each row sent once ---------------------------------------------------------------------------------


def test_running_dispatcher_twice_sends_nothing_twice(db_url, tmp_path, http_receiver):
    build_world(db_url)
    ids = person_ids(db_url)
    give_addresses(db_url, {name: [http_receiver.json_url(f"/hook/{pid}")] for name, pid in ids.items()})
    start(db_url, 1)
    start(db_url, 2)
    config = config_for(db_url, tmp_path)

    first = dispatch_due(config)
    delivered = len(http_receiver.requests)
    second = dispatch_due(config)

    assert first.sent == len(rows(db_url)) and second.sent == 0
    assert delivered == len(http_receiver.requests) == 2 * len(STARTED_RECIPIENTS)
    assert {(r.status, r.attempts) for r in rows(db_url)} == {(SENT, 1)}


def test_two_dispatchers_at_once_never_send_a_row_twice(db_url, tmp_path, http_receiver):
    items = 50  # 4 messages each: 200 rows to the receiver
    build_world(db_url, items=items)
    ids = person_ids(db_url)
    give_addresses(db_url, {name: [http_receiver.json_url(f"/hook/{pid}")] for name, pid in ids.items()})
    for item_id in range(1, items + 1):
        start(db_url, item_id)
    expected = Counter((f"/hook/{r.person_id}", f"【开始整改】事项 #{r.context['item_id']} 已进入整改")
                       for r in rows(db_url, "item_started"))
    assert len(expected) == sum(expected.values()) == items * len(STARTED_RECIPIENTS)
    config = config_for(db_url, tmp_path, batch_size=4)  # small batches: many claims, so the two race
    together = threading.Barrier(2)

    def dispatcher():
        together.wait()
        return dispatch_due(config)

    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = [f.result() for f in [pool.submit(dispatcher) for _ in range(2)]]

    received = Counter((r.path, r.json()["title"]) for r in http_receiver.requests)
    assert received == expected  # every message exactly once
    assert sum(r.sent for r in reports) == len(rows(db_url))
    assert all(r.errors == [] for r in reports)
    assert {(r.status, r.attempts) for r in rows(db_url)} == {(SENT, 1)}
