"""The progress report reads its items as plain rows (models/queries/report_items.py): what it tells of each
item is what the ledger holds — units, collectives kept as written, leaders, measures, targets, amounts."""
from corpus import audit_amounts, header_bands
from sqlalchemy import func, select
from world import build_world

from models.domain.clock import DEFAULT_ZONE, local_day, utcnow
from models.ledger_files import read_ledger
from models.ledger_files.load import import_ledger_doc
from models.queries.report_items import report_source_chunks, report_sources
from models.reports.progress import build_progress_report
from models.store.database import reading
from models.tables.ledger import Campaign, Item


def test_every_report_item_tells_what_the_ledger_holds(tmp_path, sqlite_url):
    for module in (audit_amounts, header_bands):  # collectives kept as written, amounts; leaders, several units
        path = tmp_path / f"{module.__name__.rsplit('.', 1)[-1]}.xlsx"
        import_ledger_doc(sqlite_url, read_ledger(module.build(path)), actor_name="测试")
    lines = []
    with reading(sqlite_url) as session:
        for campaign in session.scalars(select(Campaign)):
            report = build_progress_report(session, campaign, local_day(utcnow(), DEFAULT_ZONE))
            told = {i.item_id: i for aspect in report.aspects for i in aspect.items}
            items = session.scalars(select(Item).where(Item.campaign_id == campaign.id).order_by(Item.position)).all()
            assert sorted(told) == sorted(i.id for i in items)
            for item in items:
                line = told[item.id]
                assert (line.number, line.text, line.parent, line.lead_unit, line.cooperating_units, line.leader) == \
                    (item.number, item.text, item.parent_text, item.lead_unit.name, item.cooperating_names,
                     item.leader_names)
                assert line.measures == [m.text for m in item.measures if m.kind == "measure"]
                assert line.targets == [m.text for m in item.measures if m.kind == "target"]
                assert (line.deadline, line.deadline_text, line.problem_amount, line.rectified_amount) == \
                    (item.deadline, item.deadline_text, item.problem_amount, item.rectified_amount)
            lines += told.values()
    # the corpus holds what makes the comparison worth making
    assert any("相关预算单位" in i.cooperating_units for i in lines) and any(len(i.cooperating_units) > 1 for i in lines)
    assert any(i.leader for i in lines) and any(i.targets for i in lines) and any(i.problem_amount for i in lines)


def test_read_a_few_at_a_time_the_items_are_those_read_at_once(db_url):
    """On PostgreSQL the next few are read on a thread while the caller works on these: the items, their order and
    every fact of them must be what one read gives."""
    world = build_world(db_url, items=7, cooperating=["财务处"])
    which = Item.campaign_id == 1
    with reading(world.db_url) as session:
        at_once = report_sources(session, which)
        chunks = list(report_source_chunks(session, which, per_chunk=2))
    assert [len(chunk) for chunk in chunks] == [2, 2, 2, 1]
    assert [source for chunk in chunks for source in chunk] == at_once
    assert all(s.measures and s.leaders == ["成员甲"] and s.cooperating_names == ["财务处"] for s in at_once)


def test_a_caller_that_stops_early_leaves_no_read_behind(db_url):
    world = build_world(db_url, items=7)
    with reading(world.db_url) as session:
        chunks = report_source_chunks(session, Item.campaign_id == 1, per_chunk=2)
        first = next(chunks)
        chunks.close()  # the read of the next few is waited for, then the session is the caller's again
        assert [s.number for s in first] == ["1", "2"]
        assert session.scalar(select(func.count()).select_from(Item)) == 7
