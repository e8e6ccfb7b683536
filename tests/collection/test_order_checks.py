"""Time and order are checked: a round is not closed before its due time without --force (and the refusal says how
many units would be chased), a meeting cannot be dated in the future, and a decision's time is the server's."""
from datetime import datetime, timedelta, timezone

import pytest
from round_world import AFTER_DUE, BEFORE_DUE, UNITS, WEEK, asked_round
from sqlalchemy import select
from steps import act, bring_to, counts

from models.collection.steps import plan_round
from models.domain.clock import utcnow
from models.domain.commands import DecisionCommand, MeetingCommand
from models.domain.refusals import InvalidInput, TooEarly
from models.domain.vocabulary import State
from models.engine.operations import perform_decision, perform_meeting
from models.store.database import reading
from models.tables.approvals import ApprovalDecision
from models.tables.collection import CollectionRound

CAMPAIGN = "周报测试整改台账"


def test_closing_a_round_before_its_due_time_is_refused_saying_how_many_units_would_be_chased(sqlite_url, smtp_receiver,
                                                                                             tmp_path):
    asked_round(sqlite_url, smtp_receiver, tmp_path / "data")
    before = counts(sqlite_url)

    with pytest.raises(TooEarly) as refused:
        plan_round(sqlite_url, CAMPAIGN, WEEK, BEFORE_DUE, create=False)

    assert "2026-W48 的报送截止时间是 2026年11月26日 17:00，还没有到" in refused.value.message
    assert f"将催报尚未报送的 {len(UNITS)} 个单位（{'、'.join(UNITS)}）" in refused.value.message
    assert "--force" in refused.value.message
    assert counts(sqlite_url) == before  # nothing written
    assert plan_round(sqlite_url, CAMPAIGN, WEEK, BEFORE_DUE, create=False, force=True).week == WEEK
    assert plan_round(sqlite_url, CAMPAIGN, WEEK, AFTER_DUE, create=False).week == WEEK
    with reading(sqlite_url) as session:
        assert session.scalars(select(CollectionRound)).one().closed_at is None  # planning a close closes nothing


def test_a_meeting_dated_in_the_future_is_refused(world):
    bring_to(world.db_url, 1, State.verified)
    request = act(world.db_url, 1, "close", "整改办甲").request_id
    tomorrow = (utcnow() + timedelta(days=2)).date()
    before = counts(world.db_url)

    with pytest.raises(InvalidInput, match=f"会议日期 {tomorrow} 晚于今天"):
        perform_meeting(world.db_url, MeetingCommand(held_on=tomorrow, chair="组长", attendees=["成员乙"],
                                                     approve=[request], recorded_by="整改办乙"))
    assert counts(world.db_url) == before


def test_a_decisions_time_is_the_servers(world):
    bring_to(world.db_url, 1, State.verified)
    request = act(world.db_url, 1, "close", "整改办甲").request_id
    assert "decided_at" not in DecisionCommand.model_fields and "at" not in DecisionCommand.model_fields
    before = datetime.now(timezone.utc)

    perform_decision(world.db_url, DecisionCommand(request_id=request, decision="approve", actor="组长"))

    with reading(world.db_url) as session:
        decided = session.scalars(select(ApprovalDecision).where(ApprovalDecision.request_id == request)).one()
    assert before <= decided.decided_at <= datetime.now(timezone.utc)
