"""Which units missed the latest weekly round lights every page's items; it is read for all of a round's units (2,000
in a province), so it is kept while the audit chain's head stays (models/queries/lights.py), and read again after
any audited change."""
from steps import act
from world import build_world

from models.queries import lights
from models.store.database import reading
from models.tables.ledger import Campaign


def test_missed_units_are_read_once_until_the_log_grows(sqlite_url, monkeypatch):
    world = build_world(sqlite_url, items=2)
    reads = []
    real = lights._missing_reporters
    monkeypatch.setattr(lights, "_missing_reporters", lambda session, campaign: reads.append(1) or real(session, campaign))

    def missed() -> frozenset[int]:
        with reading(world.db_url) as session:  # a page's session
            return lights.missing_reporters(session, session.get(Campaign, 1))

    assert missed() == missed() == frozenset()
    assert len(reads) == 1  # the second page reused it
    act(world.db_url, 1, "start", "办公室联络员")
    missed()
    assert len(reads) == 2  # an audited change: read again
