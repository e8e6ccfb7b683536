"""Daily reminders on China's official working days: thresholds, the escalation ladder, grouping, never twice."""
from datetime import date, datetime, timedelta, timezone

import pytest
from reminder_world import build, nine_am, planned, send, stamp_schema, written
from sqlalchemy import select
from steps import EVIDENCE

from models.domain.commands import ActionCommand
from models.domain.working_days import is_working_day, working_days_after
from models.engine.items import apply_action
from models.reminders.plan import add_months
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.organisation import Person
from models.tables.outbox import OutboxMessage
from models.tables.reminders import ReminderSent
from notifications.render import render


def test_spring_festival_and_make_up_days_follow_the_official_calendar():
    assert not is_working_day(date(2026, 2, 17))  # 春节
    assert is_working_day(date(2026, 2, 14))  # a Saturday made a working day (调休)
    assert working_days_after(date(2026, 2, 11), date(2026, 2, 27)) == 7  # 16 calendar days


def test_due_soon_is_counted_in_working_days_across_the_holiday(sqlite_url):
    build(sqlite_url, [date(2026, 2, 27)])
    assert [r.kind for r in planned(sqlite_url, date(2026, 2, 10))] == []
    due = planned(sqlite_url, date(2026, 2, 11))
    assert [(r.kind, r.rung) for r in due] == [("due_soon", 7)]
    assert "还有 7 个工作日" in due[0].line["detail"]


def test_no_reminders_on_a_holiday_but_one_on_a_make_up_saturday(sqlite_url, capsys, monkeypatch, tmp_path):
    from models.settings import Settings
    from rectiflow.cli import main
    from rectiflow.cli.context import state

    build(sqlite_url, [date(2026, 2, 25)])
    stamp_schema(sqlite_url)
    monkeypatch.setattr(state, "settings", Settings())
    monkeypatch.setattr(state, "db", None)
    main(["--db", sqlite_url, "remind", "--date", "2026-02-17"])
    assert "不是工作日" in capsys.readouterr().out
    assert written(sqlite_url)[2] == 0
    main(["--db", sqlite_url, "remind", "--date", "2026-02-14"])
    with reading(sqlite_url) as session:
        sent = session.scalars(select(ReminderSent)).all()
    assert [(r.kind, r.rung, r.day) for r in sent] == [("due_soon", 3, date(2026, 2, 14))]


def test_a_measure_due_soon_reminds_its_own_unit_and_a_past_one_does_not(sqlite_url):
    build(sqlite_url, [date(2026, 6, 30)], measures=[
        {"text": "修订财务制度", "unit": "财务处", "deadline": "2026-03-13"},
        {"text": "完善台账", "deadline": "2026-03-13"},
        {"text": "已过期的措施", "deadline": "2026-03-02"}])
    due = planned(sqlite_url, date(2026, 3, 10))  # three working days before the 13th
    assert sorted((r.kind, r.rung, r.line["detail"][:5]) for r in due) == [
        ("due_soon", 3, "整改措施1"), ("due_soon", 3, "整改措施2")]
    with reading(sqlite_url) as session:
        names = {p.id: p.name for p in session.scalars(select(Person))}
    told = {r.line["detail"][:5]: {names[p] for p in r.recipients} for r in due}
    assert told == {"整改措施1": {"财务联络员", "财务处长"}, "整改措施2": {"办公室联络员", "办公室主任"}}


def test_overdue_escalation_ladder_over_simulated_days(sqlite_url):
    build(sqlite_url, [date(2026, 3, 2)])
    ladder = []
    day = date(2026, 3, 3)
    while day <= date(2026, 3, 20):
        if is_working_day(day):
            with reading(sqlite_url) as session:
                sent_before = session.scalar(select(ReminderSent.id).order_by(ReminderSent.id.desc()).limit(1)) or 0
            send(sqlite_url, day)
            with reading(sqlite_url) as session:
                for r in session.scalars(select(ReminderSent).where(ReminderSent.id > sent_before)):
                    ladder.append((working_days_after(date(2026, 3, 2), day), r.rung, sorted(r.recipients)))
        day += timedelta(days=1)
    unit = ["办公室主任", "办公室联络员"]
    assert ladder == [(1, 1, unit), (4, 1, unit), (5, 2, sorted(unit + ["成员甲"])), (7, 2, sorted(unit + ["成员甲"])),
                      (10, 3, sorted(unit + ["成员甲", "组长"])), (13, 3, sorted(unit + ["成员甲", "组长"]))]


def test_one_message_per_recipient_listing_all_their_reminders(sqlite_url):
    build(sqlite_url, [date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 20)])
    assert send(sqlite_url, date(2026, 3, 3)) == 2  # two overdue items (the third is 13 working days away)
    with reading(sqlite_url) as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "reminders_sent")).all()
    assert sorted(r.recipient for r in rows) == ["办公室主任", "办公室联络员"]
    assert all(sorted(x["item_id"] for x in r.context["reminders"]) == [1, 2] for r in rows)


def test_items_read_a_few_at_a_time_plan_the_same_reminders_in_ledger_order(sqlite_url, monkeypatch):
    """A province's items are read a few thousand at a time: reading them two at a time plans the same."""
    build(sqlite_url, [date(2026, 3, 2), date(2026, 3, 20), date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 2)])
    whole = planned(sqlite_url, date(2026, 3, 3))
    from models.store import batches

    monkeypatch.setattr("models.reminders.plan.batched", lambda ids: batches.batched(ids, 2))
    assert planned(sqlite_url, date(2026, 3, 3)) == whole
    assert [r.item_id for r in whole] == [1, 3, 4, 5]


def test_running_again_the_same_day_sends_nothing_new(sqlite_url):
    build(sqlite_url, [date(2026, 3, 2)])
    assert send(sqlite_url, date(2026, 3, 3)) == 1
    before = written(sqlite_url)
    assert send(sqlite_url, date(2026, 3, 3), nine_am(date(2026, 3, 3)) + timedelta(hours=2)) == 0
    assert written(sqlite_url) == before


def test_dry_run_writes_nothing_and_says_who_gets_what(sqlite_url):
    from models.reminders.send import preview as preview_reminders

    build(sqlite_url, [date(2026, 3, 2)])
    before = written(sqlite_url)
    with reading(sqlite_url) as session:
        preview = preview_reminders(session, date(2026, 3, 3))
    assert sorted(d.recipient for d in preview) == ["办公室主任", "办公室联络员"]
    assert preview[0].reminders[0]["kind"] == "已超期"
    assert written(sqlite_url) == before


def test_stalled_approval_reaches_approvers_then_the_office(sqlite_url):
    build(sqlite_url, [date(2026, 12, 31)])
    monday = date(2026, 3, 2)
    with unit_of_work(sqlite_url) as uow:
        apply_action(uow, ActionCommand(item_id=1, action="start", actor="办公室联络员"), nine_am(monday))
        apply_action(uow, ActionCommand(item_id=1, action="submit", actor="办公室联络员",
                                            change={"evidence": [EVIDENCE]}), nine_am(monday))
    assert planned(sqlite_url, date(2026, 3, 4)) == []  # 2 working days: not yet
    first = planned(sqlite_url, date(2026, 3, 5))
    assert [(r.kind, r.rung) for r in first] == [("approval_waiting", 1)]
    later = planned(sqlite_url, date(2026, 3, 10))  # 6 working days
    assert [(r.kind, r.rung) for r in later] == [("approval_waiting", 2)]


def test_quiet_hours_hold_messages_until_morning(sqlite_url):
    build(sqlite_url, [date(2026, 3, 2)])
    evening = datetime(2026, 3, 3, 13, 30, tzinfo=timezone.utc)  # 21:30 in Shanghai
    send(sqlite_url, date(2026, 3, 3), evening)
    with reading(sqlite_url) as session:
        held = {r.next_attempt_at for r in session.scalars(select(OutboxMessage).where(
            OutboxMessage.event == "reminders_sent"))}
    assert held == {datetime(2026, 3, 4, 0, 0, tzinfo=timezone.utc)}  # 08:00 next morning in Shanghai


def test_follow_up_after_three_and_six_months_until_confirmed(sqlite_url):
    from holidays import import_2027
    from steps import bring_to

    from models.domain.commands import FollowupCommand
    from models.domain.vocabulary import State
    from models.engine.followup import confirm_followup

    build(sqlite_url, [date(2026, 12, 31)])
    import_2027(sqlite_url)  # the follow-up falls in 2027
    bring_to(sqlite_url, 1, State.closed)  # closed now (2026); follow-ups fall in 2027
    with reading(sqlite_url) as session:
        from models.tables.audit import AuditEntry

        closed = session.scalar(select(AuditEntry.at).where(AuditEntry.kind == "item_closed")).date()
    three = add_months(closed, 3) + timedelta(days=1)
    assert [(r.kind, r.rung) for r in planned(sqlite_url, three)] == [("follow_up", 3)]
    with unit_of_work(sqlite_url) as uow:
        confirm_followup(uow, FollowupCommand(item_id=1, actor="办公室联络员", months=3, note="未反弹"), nine_am(three))
    assert planned(sqlite_url, three) == []


def test_follow_ups_go_out_with_the_follow_up_checks_not_with_the_daily_reminders(sqlite_url):
    from holidays import import_2027
    from steps import bring_to

    from models.domain.vocabulary import State
    from models.reminders.plan import DAILY, FOLLOW_UP
    from models.reminders.send import send as send_reminders
    from models.tables.audit import AuditEntry

    build(sqlite_url, [date(2026, 12, 31)])
    import_2027(sqlite_url)  # the follow-up falls in 2027
    bring_to(sqlite_url, 1, State.closed)
    with reading(sqlite_url) as session:
        closed = session.scalar(select(AuditEntry.at).where(AuditEntry.kind == "item_closed")).date()
    day = add_months(closed, 3) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    assert [r.kind for r in planned(sqlite_url, day)] == ["follow_up"]
    with unit_of_work(sqlite_url) as uow:
        assert send_reminders(uow, day, nine_am(day), kinds=DAILY) == 0
    with unit_of_work(sqlite_url) as uow:
        assert send_reminders(uow, day, nine_am(day), kinds=FOLLOW_UP) == 1
    with reading(sqlite_url) as session:
        told = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "reminders_sent")).all()
    assert told and all(m.context["heading"] == "回头看提醒" for m in told)
    assert "【回头看提醒】" in render(told[0].event, told[0].context)[0]
    with unit_of_work(sqlite_url) as uow:
        assert send_reminders(uow, day + timedelta(days=7), nine_am(day), kinds=FOLLOW_UP) == 0  # once
    with reading(sqlite_url) as session:
        follow_up = session.scalars(select(ReminderSent).where(ReminderSent.kind == "follow_up")).one()
    assert (follow_up.item_id, follow_up.rung) == (1, 3)


@pytest.mark.parametrize("deadline,expected", [(date(2026, 3, 2), "red"), (date(2026, 3, 9), "yellow"),
                                               (date(2026, 6, 30), "green")])
def test_red_yellow_green(sqlite_url, deadline, expected):
    from models.queries.lights import lights_for
    from models.tables.ledger import Item

    build(sqlite_url, [deadline])
    with reading(sqlite_url) as session:
        assert lights_for(session, session.scalars(select(Item)).all(), date(2026, 3, 3))[1] == expected


@pytest.mark.parametrize("asked_by_id", [500, 0], ids=["a page's requests by id", "all requests read"])
def test_stalled_approval_turns_the_light_red(sqlite_url, monkeypatch, asked_by_id):
    from models.queries import progress
    from models.queries.lights import lights_for
    from models.tables.ledger import Item

    monkeypatch.setattr(progress, "ASKED_BY_ID", asked_by_id)  # both ways of finding an item's waiting requests
    build(sqlite_url, [date(2026, 12, 31)] * 3)  # three items alike: only item 1 waits on a sign-off
    monday = date(2026, 3, 2)
    with unit_of_work(sqlite_url) as uow:
        for item_id in (1, 2):
            apply_action(uow, ActionCommand(item_id=item_id, action="start", actor="办公室联络员"), nine_am(monday))
        apply_action(uow, ActionCommand(item_id=1, action="submit", actor="办公室联络员",
                                        change={"evidence": [EVIDENCE]}), nine_am(monday))
    with reading(sqlite_url) as session:
        items = session.scalars(select(Item)).all()
        assert lights_for(session, items, monday)[1] == "green"
        assert lights_for(session, items, monday + timedelta(days=20)) == {1: "red", 2: "green", 3: "green"}
