"""The collection round's steps over a database URL and the data directory: the plain functions the
Prefect tasks wrap and the CLI calls. Files are written before the transaction that records them, at
paths fixed by round and unit, so a step run again after a crash rewrites the same file."""
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from models.collection.form_spec import FormRow, FormSpec
from models.collection.form_writers import Beside, write_forms
from models.collection.rounds import (
    RoundPlan,
    ask_unit,
    chase_unit,
    finish_round,
    open_round,
    round_units,
    units_leaders,
)
from models.collection.summary_file import write_summary_file
from models.directory.lookup import Directory
from models.domain.answers import MISSING
from models.domain.chinese_dates import cn_datetime
from models.domain.vocabulary import State
from models.domain.weeks import current_week
from models.files.names import safe_name
from models.queries.campaigns import find_campaign
from models.queries.items import awaiting_label, item_lines, pending_by_item
from models.queries.progress import latest_progress
from models.queries.round_answers import answers, get_round
from models.reports import charts
from models.reports.statistics import build_statistics
from models.store.batches import batched
from models.store.collector import collector_paused
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.collection import RoundUnit
from models.tables.ledger import Item
from models.tables.progress import ProgressEntry


def round_dir(data_dir: Path, campaign_id: int, week: str) -> Path:
    return data_dir / "rounds" / str(campaign_id) / week


def plan_round(db_url: str, campaign: str, week: str | None, now: datetime, create: bool = True,
               force: bool = False) -> RoundPlan:
    with unit_of_work(db_url) as uow:
        found = find_campaign(uow.session, campaign)
        return open_round(uow, found.id, week or current_week(now, found.collect_timezone), now, create, force)


def form_specs(session, round_id: int, rows: list[RoundUnit]) -> list[FormSpec]:
    """The forms of a group of units, read in a few queries for the whole group (a province asks 2,000 units)."""
    round_ = get_round(session, round_id)
    zone = round_.campaign.collect_timezone
    unit_ids = [row.unit_id for row in rows]
    wanted = {item_id for row in rows for item_id in row.item_ids}
    items = {item.id: item for chunk in batched(sorted(wanted)) for item in item_lines(session, Item.id.in_(chunk))}
    pending = pending_by_item(session, wanted)
    latest = latest_progress(session, ProgressEntry.unit_id.in_(unit_ids or [-1]))

    def form_row(item, unit_id: int) -> FormRow:  # read just now from the database: not validated again
        last = latest.get((item.id, unit_id))
        return FormRow.model_construct(
            item_id=item.id, number=item.number, text=item.text,
            role="lead" if item.lead_unit_id == unit_id else "cooperating", lead_unit=item.lead_unit,
            deadline=item.deadline_text or (item.deadline.isoformat() if item.deadline else "未定"),
            state=awaiting_label(pending[item.id]) if item.id in pending else State(item.state).label,
            last_progress=last.text if last else "")

    return [FormSpec(round_id=round_id, campaign=round_.campaign.title, week=round_.week, unit_id=row.unit_id,
                     unit=row.unit.name, due=cn_datetime(round_.due_at, zone),
                     rows=[form_row(items[item_id], row.unit_id) for item_id in row.item_ids]) for row in rows]


def ask(db_url: str, round_id: int, unit_id: int, data_dir: Path, now: datetime) -> bool:
    """Send one unit its request and pre-filled form; False when it was asked before."""
    return ask_group(db_url, round_id, [unit_id], data_dir, now) == [unit_id]


@collector_paused()
def ask_group(db_url: str, round_id: int, unit_ids: list[int], data_dir: Path, now: datetime,
              writers: int = 1) -> list[int]:
    """Send a group of units their requests and forms: the forms read in one transaction, written by `writers`
    processes at once (writing is CPU-bound: a province's 2,000 forms are most of a round), the requests recorded
    in one transaction. Returns the units asked now (the others had been asked before)."""
    with reading(db_url) as session:
        rows = round_units(session, round_id, unit_ids)
        specs = form_specs(session, round_id, [row for row in rows if row.asked_at is None])
        campaign_id = rows[0].round.campaign_id if rows else None
    paths = [round_dir(data_dir, campaign_id, s.week) / safe_name(f"{s.week}-{s.unit}-整改进展报送表.xlsx")
             for s in specs]
    write_forms(specs, paths, writers)
    asked = []
    with unit_of_work(db_url) as uow:
        Directory.of(uow).load([spec.unit_id for spec in specs], ())  # the contacts of the group, in one query
        uow.lock_chain()
        rows = round_units(uow.session, round_id, [spec.unit_id for spec in specs], lock=True)
        with uow.session.no_autoflush:  # the group's writes at commit, as in check_group
            for spec, path, row in zip(specs, paths, rows):
                shown = spec.model_dump(mode="json")
                context = {"campaign": spec.campaign, "week": spec.week, "unit": spec.unit, "due": spec.due,
                           "items": shown["rows"], "form": path.name}
                if ask_unit(uow, row, str(path), shown, context, now):
                    asked.append(spec.unit_id)
    return asked


class UnitCheck(BaseModel):
    unit: str
    status: str
    chased: bool


def check(db_url: str, round_id: int, unit_id: int, now: datetime) -> UnitCheck:
    """See whether a unit answered; chase it (and tell its leaders) if not, once."""
    return check_group(db_url, round_id, [unit_id], now)[0]


@collector_paused()
def check_group(db_url: str, round_id: int, unit_ids: list[int], now: datetime) -> list[UnitCheck]:
    """Check a group of units in one transaction; each unanswered one is chased once."""
    with unit_of_work(db_url) as uow:
        uow.lock_chain()  # before the answers are read: each unit's is then what chasing it would read
        Directory.of(uow).load(unit_ids, ())
        rows = round_units(uow.session, round_id, unit_ids, lock=True)
        answered = answers(uow.session, rows[0].round, now, rows) if rows else {}  # the group's, in one query
        # the leaders of the units this check chases (not chased before, no answer), read together
        leaders = units_leaders(uow.session, [row for row in rows
                                              if row.chased_at is None and answered[row.unit_id][0] == MISSING])
        checked = []
        # the group's messages and entries written at commit, in one statement each, not before each unit's next query
        # (none of them reads what chasing another unit wrote)
        with uow.session.no_autoflush:
            for row in rows:
                round_ = row.round
                status = answered[row.unit_id][0]
                context = {"campaign": round_.campaign.title, "week": round_.week, "unit": row.unit.name,
                           "due": cn_datetime(round_.due_at, round_.campaign.collect_timezone),
                           "items": len(row.item_ids)}
                chased = chase_unit(uow, row, leaders.get(row.unit_id, []), context, now, status)
                checked.append(UnitCheck(unit=row.unit.name, status=status, chased=chased))
        return checked


class SummaryFiles(BaseModel):
    """The weekly summary as written, to be sent: the workbook, its charts, and what the message says."""
    path: str
    charts: list[str]
    context: dict


@collector_paused()
def write_summary(db_url: str, round_id: int, data_dir: Path, now: datetime) -> SummaryFiles | None:
    """The weekly summary's workbook (.xlsx), written by a process of its own while this one makes the statistics
    and the charts; None when the round was closed already (its summary sent)."""
    with reading(db_url) as session:
        round_ = get_round(session, round_id)
        if round_.closed_at is not None:
            return None
        zone = round_.campaign.collect_timezone
        path = round_dir(data_dir, round_.campaign_id, round_.week) / f"{round_.week}-整改进展周汇总.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        with Beside(write_summary_file, db_url, round_id, now, path, zone) as written:
            numbers = build_statistics(session, round_.campaign, now.astimezone(ZoneInfo(zone)).date())
            pictures = [charts.completion_by_aspect(numbers.aspects, path.with_name(f"{round_.week}-各方面整改完成情况.png")),
                        charts.burndown(numbers.burndown, path.with_name(f"{round_.week}-未办结问题周趋势.png"))]
            context = written.result()
    return SummaryFiles(path=str(path), charts=[str(p) for p in pictures], context=context)


def send_summary(db_url: str, round_id: int, files: SummaryFiles | None, now: datetime) -> str:
    """Send the written summary to the office and the leading group, and close the round (once): the path of the
    summary sent."""
    if files is None:
        with reading(db_url) as session:
            return get_round(session, round_id).summary_path
    with unit_of_work(db_url) as uow:
        finish_round(uow, round_id, files.path, files.context, now, files.charts)
    return files.path


def summarise(db_url: str, round_id: int, data_dir: Path, now: datetime) -> str:
    """Write the weekly summary and send it; close the round."""
    return send_summary(db_url, round_id, write_summary(db_url, round_id, data_dir, now), now)
