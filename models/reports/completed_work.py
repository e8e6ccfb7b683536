"""What an item's paragraph says was done (the 一是…二是… of seed 003): the measures that are closed and the
progress the units marked as done — never the plan of what is still open, never a date or a file name.

A measure is closed when a unit reported it done (`progress add --measure N --done`), when the ledger said it
was done, or when the whole item was accepted (verified or closed: its measures were carried out). A measure
with its own reports is told by them, after its short title; a closed measure without one is told by its
text, as done. Reports marked done that name no measure follow; when an item has such reports, they tell its
work and the closure alone adds no measure texts."""
from typing import NamedTuple

from models.domain.vocabulary import State
from models.reports.wording import as_done, measure_title, sentence, without_file_names


class MeasureFact(NamedTuple):  # tuples: a province's report makes 300,000 of them
    id: int
    text: str
    done: bool  # as the database holds it now
    closed_by_report: bool  # closed by a report marked done (at any time)


class ReportFact(NamedTuple):
    text: str
    done: bool
    measure_id: int | None


def completed_work(measures: list[MeasureFact], reports: list[ReportFact], closed: list[MeasureFact]) -> list[str]:
    """The parts of work done, in order; `reports` are those made up to the report's day, `closed` the measures
    `closed_measures` finds closed."""
    if not reports and not closed:
        return []
    done = [r for r in reports if r.done]
    by_measure: dict[int, list[str]] = {}
    for report in done:
        if report.measure_id is not None:
            by_measure.setdefault(report.measure_id, []).append(report.text)
    unattached = [r.text for r in done if r.measure_id is None or r.measure_id not in {m.id for m in measures}]
    parts = []
    for measure in measures:
        own = by_measure.get(measure.id)
        if own:
            title = measure_title(measure.text)
            told = "".join(sentence(without_file_names(text)) for text in own)
            parts.append(f"{title}。{told}" if title else told)
        elif not unattached and measure in closed:
            parts.append(as_done(measure.text))
    parts += [sentence(without_file_names(text)) for text in unattached]
    return [p for p in parts if p]


def closed_measures(measures: list[MeasureFact], reports: list[ReportFact], state: State) -> list[MeasureFact]:
    """The measures closed by the report's day (see the module's rule)."""
    reported = {r.measure_id for r in reports if r.done}
    accepted = state in (State.verified, State.closed)
    return [m for m in measures if accepted or m.id in reported or (m.done and not m.closed_by_report)]
