"""From a transition to a delivered message: outbox rows written by the engine, dispatched to real receivers.

Traffic stays on 127.0.0.1 (SMTP and HTTP receivers; DingTalk answered by the HTTP receiver).
Time is never waited for: dispatches are given `now=` past a row's next attempt instead.
"""
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from receivers import DINGTALK_SIGN_MISMATCH, LOOPBACK_ALLOWED, REJECTED_MAILBOX
from sqlalchemy import select
from world import build_world

from models.domain.clock import utcnow
from models.domain.commands import ActionCommand
from models.domain.vocabulary import Action, State
from models.engine.operations import perform_action
from models.queries.messages import list_messages
from models.store.database import reading, transaction
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.organisation import Person
from models.tables.outbox import DEAD, FAILED, SENT, OutboxMessage
from notifications import outbox_store
from notifications.dispatcher import TIMED_OUT_BACKOFF, DispatchConfig, claim, deliver_claimed, dispatch_due, lease_for

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


def emails_for_everyone(db_url: str, receiver, items: int) -> int:
    """Everyone's address on `receiver`; `items` items started: how many emails are queued (the ledger's import
    was told before anyone had an address: to the local sink)."""
    build_world(db_url, items=items)
    give_addresses(db_url, {name: [receiver.mailto_url(to=f"p{pid}@example.org")]
                            for name, pid in person_ids(db_url).items()})
    for item_id in range(1, items + 1):
        start(db_url, item_id)
    return len([row for row in rows(db_url) if row.address])


def test_emails_to_one_server_share_as_many_connections_as_are_sent_at_once(sqlite_url, tmp_path, smtp_receiver):
    queued = emails_for_everyone(sqlite_url, smtp_receiver, items=5)

    report = dispatch_due(config_for(sqlite_url, tmp_path, concurrency=2))

    assert report.errors == [] and len(smtp_receiver.messages) == queued > 10
    assert smtp_receiver.connections <= 2


def test_a_server_that_limits_messages_per_connection_gets_every_message_once(sqlite_url, tmp_path, smtp_receiver):
    smtp_receiver.messages_per_connection = 3
    queued = emails_for_everyone(sqlite_url, smtp_receiver, items=3)

    report = dispatch_due(config_for(sqlite_url, tmp_path, concurrency=2))

    assert report.errors == [] and {r.status for r in rows(sqlite_url)} == {SENT}
    ids = Counter(mail.message["Message-ID"] for mail in smtp_receiver.messages)
    assert len(ids) == queued and set(ids.values()) == {1}  # each once: a hang-up is no failure and no repeat
    assert smtp_receiver.connections >= queued / 3


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


def test_a_dispatcher_told_to_stop_takes_no_further_batch_and_leaves_the_rest_due(sqlite_url, tmp_path):
    build_world(sqlite_url)
    start(sqlite_url)
    stop = threading.Event()
    report = dispatch_due(config_for(sqlite_url, tmp_path, batch_size=2), on_batch=lambda *_: stop.set(), stop=stop)
    assert report.sent == 2  # the batch under way finished; none after it
    assert sum(r.status == SENT for r in rows(sqlite_url)) == 2
    assert dispatch_due(config_for(sqlite_url, tmp_path)).sent == len(rows(sqlite_url)) - 2  # still due, sent next


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


def test_misconfigured_dingtalk_robot_is_reported_to_the_office_the_first_time(sqlite_url, tmp_path, vendor_api):
    build_world(sqlite_url)
    # the README's old example: the secret where a phone number goes (written before org import checked the form)
    give_addresses(sqlite_url, {"成员甲": ["dingtalk://0123abcd/SEC0123456789abcdef"]})
    vendor_api.answer(DINGTALK_SIGN_MISMATCH)  # what a signed robot answers an unsigned message
    start(sqlite_url)

    report = dispatch_due(config_for(sqlite_url, tmp_path))  # max_attempts is 8: not one retry

    assert_item_1_started(sqlite_url)
    row = started_row(sqlite_url, "成员甲")
    assert (row.status, row.attempts) == (DEAD, 1)
    assert row.last_error.startswith("钉钉机器人加签不符") and "errcode=310000" in row.last_error
    assert len(vendor_api.requests) == 1 and report.given_up == 1
    [failed] = list_messages(sqlite_url, failed_only=True)
    assert (failed.id, failed.status_label, failed.channel) == (row.id, "发送失败", "钉钉")
    [alert] = [r for r in sink_records(tmp_path) if "【消息无法送达】" in r]  # in the same run, on the fallback channel
    assert "标题: 【消息无法送达】成员甲（钉钉）" in alert
    assert f"消息 #{row.id}「{STARTED_TITLE}」无法送达" in alert
    assert "dingtalk://密钥@令牌/" in alert and f"rectiflow notify retry {row.id}" in alert
    with reading(sqlite_url) as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.kind == "delivery_failed")).all()
    assert entry.data == {"message": row.id, "recipient": "成员甲", "reason": row.last_error}


def test_an_alert_that_cannot_be_delivered_raises_no_further_alert(sqlite_url, tmp_path, http_receiver):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": [http_receiver.json_url("/gone")]})
    http_receiver.answer(status=404)
    start(sqlite_url)

    dispatch_due(config_for(sqlite_url, tmp_path, fallback_url=http_receiver.json_url("/office")))  # a dead end too

    dead = [r for r in rows(sqlite_url) if r.event != "delivery_failed"]
    alerts = rows(sqlite_url, "delivery_failed")
    assert {r.status for r in dead} == {r.status for r in alerts} == {DEAD}
    assert sorted(r.context["message_id"] for r in alerts) == sorted(r.id for r in dead)  # one alert each, none of alerts
    assert len(http_receiver.requests) == len(dead) + len(alerts)


def test_mailbox_the_mail_server_rejects_is_given_up_at_once(sqlite_url, tmp_path, smtp_receiver):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": [smtp_receiver.mailto_url(to=REJECTED_MAILBOX)]})
    start(sqlite_url)

    dispatch_due(config_for(sqlite_url, tmp_path))

    row = started_row(sqlite_url, "成员甲")
    assert (row.status, row.attempts) == (DEAD, 1) and row.last_error.startswith("邮件服务器拒收（550")
    assert [r.recipient for r in rows(sqlite_url, "delivery_failed")] == ["整改办"]


# ---- slow receivers and killed dispatchers: no repeats, nothing stuck ---------------------------------------------


def test_one_run_tries_each_message_once_however_short_the_backoff(sqlite_url, tmp_path, http_receiver):
    """Issue 19: one `notify dispatch` sent the same 3 messages 11 times to a failing receiver."""
    build_world(sqlite_url)
    give_addresses(sqlite_url, {name: [http_receiver.json_url(f"/hook/{pid}")]
                                for name, pid in person_ids(sqlite_url).items()})
    http_receiver.answer(status=503)
    start(sqlite_url)

    report = dispatch_due(config_for(sqlite_url, tmp_path, backoff_seconds=0.001))

    started = rows(sqlite_url, "item_started")
    assert report.failed == len(started) and len(http_receiver.requests) == len(started)
    assert {(r.status, r.attempts) for r in started} == {(FAILED, 1)}


@pytest.mark.slow  # waits out a real timeout
def test_a_timed_out_message_is_retried_after_a_long_backoff_with_the_same_key(sqlite_url, tmp_path, http_receiver):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": [http_receiver.json_url("/hook/leader")]})
    start(sqlite_url)
    config = config_for(sqlite_url, tmp_path, timeout_seconds=0.5)
    now = utcnow()
    http_receiver.hold_responses()  # takes the message, never answers

    dispatch_due(config, now=now)

    row = started_row(sqlite_url, "成员甲")
    assert (row.status, row.attempts) == (FAILED, 1)
    assert row.last_error.startswith("接收方 0.5 秒内没有应答（超时")
    assert row.next_attempt_at == now + TIMED_OUT_BACKOFF  # not the 60 s a refusal waits
    http_receiver.release()
    assert dispatch_due(config, now=now + BACKOFF * 2).sent == 0  # a slow success is not piled on

    dispatch_due(config, now=row.next_attempt_at)

    assert started_row(sqlite_url, "成员甲").status == SENT
    first, second = http_receiver.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]  # the receiver can drop the repeat
    assert first.headers["idempotency-key"].endswith(f"-{row.id}")


def test_a_killed_dispatchers_messages_return_within_minutes(sqlite_url, tmp_path, http_receiver):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": [http_receiver.json_url("/hook/leader")]})
    start(sqlite_url)
    config = config_for(sqlite_url, tmp_path, timeout_seconds=10, batch_size=200)  # the defaults
    now = utcnow()
    claimed = claim(config, now)  # a dispatcher claims a batch, then dies before sending any

    assert claimed and lease_for(config) <= timedelta(minutes=2)  # was 2 x 200 x 10 s ≈ 67 minutes
    assert dispatch_due(config, now=now + timedelta(seconds=30)).sent == 0  # still its own
    report = dispatch_due(config, now=now + lease_for(config) + timedelta(seconds=1))

    assert report.sent == len(claimed)
    assert {r.status for r in rows(sqlite_url)} == {SENT}


def test_a_row_taken_over_after_its_lease_ran_out_is_not_sent_by_its_first_dispatcher(sqlite_url, tmp_path,
                                                                                        http_receiver):
    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": [http_receiver.json_url("/hook/leader")]})
    start(sqlite_url)
    config = config_for(sqlite_url, tmp_path)
    now = utcnow()
    slow = claim(config, now)  # this dispatcher is stuck on something else for longer than its lease
    later = now + lease_for(config) + timedelta(seconds=1)
    dispatch_due(config, now=later)  # another takes the rows over and sends them

    report = deliver_claimed(config, slow, now=later)  # the first comes back to its batch

    assert report.sent == 0 and all("认领已过期" in e for e in report.errors)
    assert len(http_receiver.requests) == 1
    assert {r.status for r in rows(sqlite_url)} == {SENT}


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


def test_the_dispatch_loop_delivers_what_comes_in_and_stops_when_told(sqlite_url, tmp_path, http_receiver):
    """What `rectiflow web` and `rectiflow serve` run beside themselves: a message queued while the loop runs is
    delivered without anyone running `notify dispatch`."""
    from prefect_server import wait_until

    from notifications.loop import start_dispatch_loop
    from notifications.outbox_store import has_due

    build_world(sqlite_url)
    give_addresses(sqlite_url, {"成员甲": [http_receiver.json_url("/hook/leader")]})
    thread, stop = start_dispatch_loop(config_for(sqlite_url, tmp_path), poll_seconds=0.05)
    try:
        start(sqlite_url)  # item 1 started: 成员甲 (its leader) is told
        wait_until(lambda: started_row(sqlite_url, "成员甲").status == SENT, 30, "the leader's message sent")
        wait_until(lambda: not has_due(sqlite_url), 30, "every due message delivered")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert [r.path for r in http_receiver.requests] == ["/hook/leader"]
