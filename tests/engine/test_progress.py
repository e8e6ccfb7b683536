"""Progress reports: a unit reports only on its own items; a cooperating unit's report is its own."""
import pytest
from sqlalchemy import select
from steps import EVIDENCE, bring_to, counts
from world import build_world

from models.domain.commands import ProgressCommand
from models.domain.refusals import NotAllowedInState, NotYourRole
from models.domain.vocabulary import State
from models.engine.operations import perform_progress
from models.store.database import reading
from models.tables.progress import Evidence, ProgressEntry


def report(db_url, item_id, actor, text="本周进展", **extra):
    return perform_progress(db_url, ProgressCommand(item_id=item_id, actor=actor, text=text, **extra))


def test_cooperating_unit_report_is_kept_as_its_own(sqlite_url):
    build_world(sqlite_url, items=1, cooperating=["财务处"])
    report(sqlite_url, 1, "办公室联络员", "牵头单位进展")
    report(sqlite_url, 1, "财务联络员", "配合单位进展", percent=50, evidence=[EVIDENCE])
    with reading(sqlite_url) as session:
        entries = session.scalars(select(ProgressEntry).order_by(ProgressEntry.id)).all()
        assert [(e.unit.name, e.text) for e in entries] == [("办公室", "牵头单位进展"), ("财务处", "配合单位进展")]
        evidence = session.scalars(select(Evidence)).one()
        assert (evidence.progress_entry_id, evidence.sha256) == (entries[1].id, EVIDENCE.sha256)


def test_unit_cannot_report_on_another_units_item(world):
    before = counts(world.db_url)
    with pytest.raises(NotYourRole, match="不是事项 #1 牵头或配合单位"):
        report(world.db_url, 1, "人事联络员")
    assert counts(world.db_url) == before


def test_closed_item_takes_no_more_progress(world):
    bring_to(world.db_url, 1, State.closed)
    with pytest.raises(NotAllowedInState, match="已销号"):
        report(world.db_url, 1, "办公室联络员")
