"""The log is replayed once for a report and its statistics (models/queries/history.py `replay`), and no longer
than the audit chain's head stays: what a session asks after a change is the ledger after it."""
from steps import act
from world import build_world

from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
from models.domain.vocabulary import State
from models.queries.history import histories, replay
from models.store.database import reading
from models.tables.ledger import Campaign


def test_one_replay_serves_report_and_statistics_until_the_log_grows(sqlite_url):
    world = build_world(sqlite_url, items=2)
    today = local_day(utcnow(), DEFAULT_ZONE)
    with reading(world.db_url) as session:
        campaign = session.get(Campaign, 1)
        first = replay(session, campaign, today)
        assert histories(session, campaign, today) is first.at_end  # the report's histories are the same replay
        assert first.at_end[1].state is State.assigned
        session.rollback()  # the session's next read sees what was committed since
        act(world.db_url, 1, "start", "办公室联络员")
        again = replay(session, campaign, today)
        assert again is not first and again.at_end[1].state is State.in_progress
        assert again.at_end[2].state is State.assigned
