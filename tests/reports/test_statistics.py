"""Statistics on a hand-built ledger with known answers; reports "as of" a past day give the older numbers."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from steps import EVIDENCE
from world import PEOPLE

from models.directory.apply import apply_directory
from models.directory.org_file import OrgDoc
from models.domain.commands import ActionCommand, DecisionCommand
from models.engine.decisions import decide
from models.engine.items import apply_action
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import load_ledger
from models.reports.progress import build_progress_report
from models.reports.statistics import build_statistics
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.ledger import Campaign

UNITS = {1: "办公室", 2: "办公室", 3: "财务处", 4: "财务处", 5: "人事处"}
DEADLINES = {1: date(2026, 3, 31), 2: date(2026, 3, 31), 3: date(2026, 3, 31), 4: date(2026, 6, 30),
             5: date(2026, 2, 28)}
CLOSED_ON = {1: date(2026, 3, 10), 3: date(2026, 4, 15), 5: date(2026, 2, 20)}
LIAISON = {"办公室": "办公室联络员", "财务处": "财务联络员", "人事处": "人事联络员"}


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), ZoneInfo("Asia/Shanghai")).astimezone(timezone.utc)


def close_on(db_url, item_id: int, day: date) -> None:
    liaison = LIAISON[UNITS[item_id]]
    with unit_of_work(db_url) as uow:
        apply_action(uow, ActionCommand(item_id=item_id, action="start", actor=liaison), at(day))
        request = apply_action(uow, ActionCommand(item_id=item_id, action="submit", actor=liaison,
                                                  change={"evidence": [EVIDENCE]}), at(day)).request_id
        decide(uow, DecisionCommand(request_id=request, decision="approve", actor="整改办乙"), at(day))
        request = apply_action(uow, ActionCommand(item_id=item_id, action="close", actor="整改办甲"),
                               at(day)).request_id
        decide(uow, DecisionCommand(request_id=request, decision="approve", actor="组长"), at(day))


def build(db_url):
    with unit_of_work(db_url) as uow:
        apply_directory(uow, OrgDoc.model_validate({"people": PEOPLE}), "测试")
    doc = LedgerDoc.model_validate({"campaign": {"title": "统计测试台账", "source_type": "审计"}, "aspects": ["方面一"],
                                    "items": [{"row": n, "number": str(n), "aspect": "方面一", "text": f"问题{n}",
                                               "measures": [], "lead_unit": UNITS[n], "deadline": DEADLINES[n].isoformat(),
                                               "deadline_kind": "date"} for n in UNITS]})
    with unit_of_work(db_url) as uow:
        load_ledger(uow, doc, now=at(date(2026, 1, 5)))
    for item_id, day in sorted(CLOSED_ON.items(), key=lambda kv: kv[1]):
        close_on(db_url, item_id, day)


def stats(db_url, day):
    with reading(db_url) as session:
        return build_statistics(session, session.scalars(select(Campaign)).one(), day)


def test_on_time_rate_overdue_and_average_days(sqlite_url):
    build(sqlite_url)
    numbers = stats(sqlite_url, date(2026, 4, 30))
    units = {u.unit: u for u in numbers.units}
    assert (units["办公室"].on_time_rate, units["办公室"].overdue) == (0.5, 1)
    assert (units["财务处"].on_time_rate, units["财务处"].overdue) == (0.0, 0)
    assert units["人事处"].on_time_rate == 1.0
    aspect = numbers.aspects[0]
    assert aspect.by_state["已完成整改"] == 3 and aspect.overdue == 1
    assert aspect.on_time_rate == round(2 / 4, 4)  # items 1, 5 on time; 2 due and open; 3 late; 4 not due
    assert aspect.average_days_to_close == round((64 + 100 + 46) / 3, 1)


def test_monthly_ranking_with_ties_and_movement(sqlite_url):
    build(sqlite_url)
    march = stats(sqlite_url, date(2026, 3, 15)).ranking
    assert [(r.rank, r.unit) for r in march] == [(1, "人事处"), (1, "办公室"), (3, "财务处")]
    april = stats(sqlite_url, date(2026, 4, 30)).ranking
    assert [(r.rank, r.unit, r.movement) for r in april] == [(1, "人事处", "—"), (2, "办公室", "—"), (3, "财务处", "—")]
    assert [r.previous_rank for r in april] == [1, 2, 3]


def test_report_as_of_a_past_day_gives_the_older_counts(sqlite_url):
    build(sqlite_url)
    with reading(sqlite_url) as session:
        campaign = session.scalars(select(Campaign)).one()
        earlier = build_progress_report(session, campaign, date(2026, 3, 15))
        later = build_progress_report(session, campaign, date(2026, 4, 30))
    assert earlier.counts["已完成整改"] == 2 and later.counts["已完成整改"] == 3
    assert earlier.totals_sentence == "审计发现的1个方面5个问题，已完成整改2项，正在整改3项。"
    assert later.totals_sentence == "审计发现的1个方面5个问题，已完成整改3项，正在整改2项。"


def test_weekly_burndown_counts_open_items_each_week(sqlite_url):
    build(sqlite_url)
    points = {p.week: p.open_items for p in stats(sqlite_url, date(2026, 4, 30)).burndown}
    assert points["2026-W02"] == 5 and points["2026-W08"] == 4 and points["2026-W11"] == 3
    assert points["2026-W18"] == 2
