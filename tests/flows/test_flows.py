"""The Prefect flows, run for real without a server (one temporary Prefect server for this module)."""
import asyncio

import pytest
from steps import item_state
from world import build_world

import flows.runtime  # noqa: F401  (project Prefect settings before prefect is imported)
from models.domain.commands import ActionCommand
from models.domain.vocabulary import State

pytestmark = pytest.mark.prefect


@pytest.fixture
def prefect_db(sqlite_url, monkeypatch):
    monkeypatch.setenv("RECTIFLOW_DATABASE_URL", sqlite_url)  # what the tasks read
    build_world(sqlite_url, items=4)
    return sqlite_url


def test_item_action_flow_run_is_named_and_tagged_for_the_item_on_a_prefect_server(prefect_db, prefect_server):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.settings import temporary_settings

    from flows.item_actions import run_item_action

    async def runs_tagged():
        async with get_client() as client:
            return await client.read_flow_runs(flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=["item:2"])),
                                               sort=FlowRunSort.START_TIME_DESC, limit=20)

    with temporary_settings(updates={"api.url": prefect_server}):  # a server configured: the run is tracked there
        outcome = run_item_action(ActionCommand(item_id=2, action="start", actor="办公室联络员"))
        names = [run.name for run in asyncio.run(runs_tagged())]
    assert outcome.to_state is State.in_progress and item_state(prefect_db, 2) is State.in_progress
    assert "item-2-start" in names


def test_batch_flow_applies_what_it_can_and_reports_refusals(prefect_db):
    from prefect.exceptions import ParameterTypeError

    from flows.item_actions import apply_batch_flow
    from flows.runtime import embedded_tuning

    commands = [ActionCommand(item_id=i, action="start", actor="办公室联络员") for i in (1, 3, 4)]
    commands.insert(1, ActionCommand(item_id=1, action="start", actor="办公室联络员"))  # already started by then
    with embedded_tuning():
        result = apply_batch_flow(commands, chunk_size=2)
    assert [o.item_id for o in result.applied] == [1, 3, 4]
    assert list(result.refused) == [1] and "不能执行「开始整改」" in result.refused[1]
    assert all(item_state(prefect_db, i) is State.in_progress for i in (1, 3, 4))
    with embedded_tuning(), pytest.raises(ParameterTypeError, match="chunk_size"):
        apply_batch_flow(commands, chunk_size=100_000)  # more than one transaction may hold


def test_dispatch_flow_delivers_the_outbox_to_the_local_sink(prefect_db, tmp_path, monkeypatch):
    from flows.dispatch_outbox import dispatch_outbox_flow
    from flows.runtime import embedded_tuning

    monkeypatch.setenv("RECTIFLOW_HOME", str(tmp_path / "home"))
    with embedded_tuning():
        report = dispatch_outbox_flow()
    assert report.sent > 0 and report.failed == report.given_up == 0
    assert "整改任务交办" in (tmp_path / "home" / "messages.log").read_text(encoding="utf-8")


def test_daily_reminders_flow_skips_holidays_and_runs_on_make_up_days(sqlite_url, monkeypatch):
    import sys
    from datetime import date
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "reminders"))
    from reminder_world import build, nine_am, written

    from flows.reminders import daily_reminders_flow, followup_checks_flow
    from flows.runtime import embedded_tuning

    monkeypatch.setenv("RECTIFLOW_DATABASE_URL", sqlite_url)
    build(sqlite_url, [date(2026, 2, 25)])
    before = written(sqlite_url)
    with embedded_tuning():
        assert daily_reminders_flow(date(2026, 2, 17), nine_am(date(2026, 2, 17))) == 0  # 春节
        assert written(sqlite_url) == before
        assert daily_reminders_flow(date(2026, 2, 14), nine_am(date(2026, 2, 14))) == 1  # 调休 Saturday
        assert followup_checks_flow(date(2026, 2, 13), nine_am(date(2026, 2, 13))) == 0  # due soon is not its kind
