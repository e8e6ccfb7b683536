"""The items a report tells and the ledger export writes, as plain facts read in five queries (the items, their
cooperating units, leaders, measures and stage targets): a province's 100,000 items as ORM objects with their joins
and collections took most of the progress report's time and memory, and most of the export's."""
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, Row, and_, select
from sqlalchemy.orm import Session

from models.queries.item_names import item_names
from models.store.batches import IDS_PER_QUERY, batched, ids_selected, streamed
from models.tables.ledger import Item, Measure, StageTarget
from models.tables.organisation import Unit


# plain tuples, not the database's rows: a row's fields are read by name through its result's keys, and a
# province's 300,000 measures are read a few times each
class SourceMeasure(NamedTuple):
    id: int
    text: str
    kind: str
    done: bool
    unit_id: int | None
    deadline: date | None
    deadline_text: str | None


class SourceStageTarget(NamedTuple):
    text: str
    due: date | None


@dataclass(slots=True)
class ReportSource:
    id: int
    aspect_id: int
    number: str
    text: str
    parent_text: str | None
    lead_unit: str
    deadline: date | None
    deadline_text: str | None
    problem_amount: float | None
    rectified_amount: float | None
    campaign_id: int
    state: str  # as it stands now (a report tells the state as of its day from the log)
    lead_unit_id: int
    remarks: str | None
    cooperating_names: list[str] = field(default_factory=list)  # the directory's units, then collectives as written
    leaders: list[str] = field(default_factory=list)
    measures: list[SourceMeasure] = field(default_factory=list)  # in the ledger's order
    stage_targets: list[SourceStageTarget] = field(default_factory=list)

    @property
    def leader_names(self) -> str | None:
        return "、".join(self.leaders) or None


def report_source_chunks(session: Session, which: ColumnElement[bool], per_chunk: int = IDS_PER_QUERY
                         ) -> Iterator[list[ReportSource]]:
    """`report_sources` a few thousand at a time, in ledger order: a province's are never all held at once. Each
    few thousand are a range of the ledger's positions (an IN list of thousands of ids costs more to send and to
    plan than reading them).

    On a database server the next few thousand are read while the caller works on these (the server's part of a
    province's reads is seconds, and a thread waiting on it holds no lock): the caller must not use `session` until
    it has taken the last."""
    positions = session.scalars(select(Item.position).where(which).distinct().order_by(Item.position)).all()
    ranges = [(chunk[0], chunk[-1]) for chunk in batched(positions, per_chunk)]

    def read(first: int, last: int) -> list[ReportSource]:
        return report_sources(session, and_(which, Item.position.between(first, last)))

    if session.get_bind().dialect.name == "sqlite" or len(ranges) < 2:
        yield from (read(*span) for span in ranges)  # in this process: a thread would only take turns with us
        return
    with ThreadPoolExecutor(1, thread_name_prefix="report-reader") as reader:
        ahead = reader.submit(read, *ranges[0])
        for span in ranges[1:]:
            chunk, ahead = ahead.result(), reader.submit(read, *span)
            yield chunk
        yield ahead.result()


def report_sources(session: Session, which: ColumnElement[bool]) -> list[ReportSource]:
    """The items `which` selects (e.g. one campaign's, or one item), in ledger order."""
    written: dict[int, list[str]] = {}
    sources: dict[int, ReportSource] = {}
    for row in streamed(session, select(
            Item.id, Item.aspect_id, Item.number, Item.text, Item.parent_text, Unit.name, Item.deadline,
            Item.deadline_text, Item.problem_amount, Item.rectified_amount, Item.campaign_id, Item.state,
            Item.lead_unit_id, Item.remarks, Item.cooperating_as_written)
            .join(Unit, Unit.id == Item.lead_unit_id).where(which).order_by(Item.position)):
        *facts, as_written = row
        sources[row.id] = ReportSource(*facts)
        written[row.id] = list(as_written or [])
    mine = ids_selected(session, list(sources), select(Item.id).where(which))
    cooperating, leaders = item_names(session, mine)
    for item_id, source in sources.items():
        source.cooperating_names = cooperating.get(item_id, []) + written[item_id]
        source.leaders = leaders.get(item_id, [])
    for item_id, *line in _parts(session, mine, Measure.id, Measure.text, Measure.kind, Measure.done,
                                 Measure.unit_id, Measure.deadline, Measure.deadline_text):
        sources[item_id].measures.append(SourceMeasure(*line))
    for item_id, *line in _parts(session, mine, StageTarget.text, StageTarget.due):
        sources[item_id].stage_targets.append(SourceStageTarget(*line))
    return list(sources.values())


def _parts(session: Session, mine, *columns) -> Iterator[Row]:
    table = columns[0].class_
    return streamed(session, select(table.item_id, *columns).where(table.item_id.in_(mine))
                    .order_by(table.item_id, table.position))
