"""`rectiflow serve` serves each campaign's weekly open/close at its own cron and time zone, and the outbox."""
import pytest
from world import build_world

from models.queries.campaigns import find_campaign
from models.store.database import transaction

pytestmark = pytest.mark.prefect  # imports Prefect (no server needed)


def test_deployments_follow_each_campaigns_schedule(sqlite_url):
    from deploy.schedules import deployments

    build_world(sqlite_url, items=1)
    with transaction(sqlite_url) as session:
        campaign = find_campaign(session, "测试巡察整改台账")
        campaign.collect_due_cron, campaign.collect_timezone = "30 16 * * 5", "Asia/Urumqi"
    served = {d.name: d for d in deployments(sqlite_url)}
    assert set(served) == {"collection-open-1", "collection-close-1", "publish-pending-signoffs",
                           "daily-reminders", "followup-checks"}
    opening = served["collection-open-1"].schedules[0].schedule
    closing = served["collection-close-1"].schedules[0].schedule
    assert (opening.cron, opening.timezone) == ("0 9 * * 1", "Asia/Urumqi")
    assert (closing.cron, closing.timezone) == ("30 16 * * 5", "Asia/Urumqi")
    assert served["collection-close-1"].parameters == {"campaign": "1"}


def test_a_round_run_is_named_with_its_week_even_when_the_schedule_passes_none(monkeypatch):
    import prefect.runtime.flow_run

    from flows.collection import round_run_name

    monkeypatch.setattr(prefect.runtime.flow_run, "parameters", {"week": None, "now": "2026-11-23T01:00:00+00:00"})
    assert round_run_name("open")() == "open-all-2026-W48"
    monkeypatch.setattr(prefect.runtime.flow_run, "parameters", {"campaign": "3", "week": "2026-W49"})
    assert round_run_name("close")() == "close-3-2026-W49"
