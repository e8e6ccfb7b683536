"""One ledger item from one spreadsheet row — or from several rows when the problem cell is
merged down over them, each row then holding one measure with its own unit and deadline."""
from models.domain.deadlines import Deadline
from models.domain.problems import ProblemLog
from models.domain.vocabulary import State
from models.ledger_files.amounts import header_factor, parse_amount
from models.ledger_files.assembly import PendingItem, checked_deadline, checked_status, text_of
from models.ledger_files.columns import HeaderLayout
from models.ledger_files.document import ItemDoc, MeasureDoc
from models.ledger_files.merged_grid import MergedGrid
from models.ledger_files.splitting import split_measures, split_units

# When the rows of one problem disagree, the item is only as far along as its least advanced row.
_PROGRESS_ORDER = (State.assigned, State.in_progress, State.long_term, State.verified, State.closed)


class RowGroup:
    """The rows of one item, read through the header layout."""

    def __init__(self, grid: MergedGrid, header: HeaderLayout, rows: range, log: ProblemLog):
        self.grid, self.header, self.rows, self.log = grid, header, rows, log
        self.first = rows[0]
        self._deadlines: dict[tuple[int, int], Deadline] = {}

    def first_value(self, field: str) -> object:
        return self.grid.value(self.first, self.header.index(field)) if self.header.has(field) else None

    def cells(self, field: str) -> list[tuple[int, object]]:
        """(row, value) for each distinct filled cell of the column — a cell merged over several
        rows counts once."""
        if not self.header.has(field):
            return []
        column = self.header.index(field)
        seen, found = set(), []
        for row in self.rows:
            anchor = self.grid.anchor(row, column)
            value = self.grid.value(row, column)
            if anchor not in seen and text_of(value):
                seen.add(anchor)
                found.append((row, value))
        return found

    def texts(self, field: str) -> list[str]:
        return list(dict.fromkeys(text_of(value) for _, value in self.cells(field)))

    def deadline_at(self, row: int) -> Deadline:
        if not self.header.has("deadline"):
            return None, None, "none"
        column = self.header.index("deadline")
        anchor = self.grid.anchor(row, column)
        if anchor not in self._deadlines:  # parse (and report) a merged cell once
            value = self.grid.value(row, column)
            self._deadlines[anchor] = checked_deadline(value, self.log, row, self.header.label("deadline"))
        return self._deadlines[anchor]

    def amount(self, field: str) -> float | None:
        """The sum of the column's amounts over the item's rows, in 万元."""
        cells = self.cells(field)
        if not cells:
            return None
        factor, _ = header_factor(self.header.label(field))
        total = 0.0
        for row, value in cells:
            try:
                total += parse_amount(value, factor) or 0.0
            except ValueError as error:
                self.log.add(row, self.header.label(field), str(error))
        return round(total, 6)


def read_item(grid: MergedGrid, header: HeaderLayout, rows: range, aspect: str, parent: str | None,
              log: ProblemLog) -> PendingItem:
    group = RowGroup(grid, header, rows, log)
    text = text_of(group.first_value("text"))
    if header.has("text") and not text:
        log.add(group.first, header.label("text"), "问题内容为空")
    lead_unit, cooperating = _units(group)
    if header.has("lead_unit") and not lead_unit:
        hint = "（配合单位已填写：牵头单位不能由配合单位代替，请写明牵头单位）" if cooperating else ""
        log.add(group.first, header.label("lead_unit"), f"牵头单位为空{hint}")
    deadline, deadline_text, deadline_kind = _combined_deadline(
        [group.deadline_at(row) for row, _ in group.cells("deadline")]
    )
    number = text_of(group.first_value("number"))
    doc = ItemDoc(
        row=group.first,
        number=number,
        aspect=aspect,
        parent=parent,
        text=text,
        measures=_measures(group, "measures", "measure") + _measures(group, "targets", "target"),
        lead_unit=lead_unit,
        cooperating_units=cooperating,
        leader="、".join(group.texts("leader")) or None,
        deadline=deadline,
        deadline_text=deadline_text,
        deadline_kind=deadline_kind,
        initial_state=_state(group),
        progress="\n".join(group.texts("progress")) or None,
        remarks="\n".join(group.texts("remarks")) or None,
        problem_amount=group.amount("problem_amount"),
        rectified_amount=group.amount("rectified_amount"),
    )
    number_column = header.label("number") if header.has("number") else None
    return PendingItem(doc=doc, number_given=bool(number), number_at=(group.first, number_column))


def _units(group: RowGroup) -> tuple[str, list[str]]:
    """The first unit of the lead cell leads; any other unit there, and the cooperating cell's, cooperate. An
    empty lead cell leaves the lead empty (refused): responsibility is never guessed from the cooperating units."""
    lead = list(dict.fromkeys(u for _, value in group.cells("lead_unit") for u in split_units(value)))
    others = [u for _, value in group.cells("cooperating_units") for u in split_units(value)]
    cooperating = [u for u in dict.fromkeys(lead[1:] + others) if u not in lead[:1]]
    return (lead[0] if lead else ""), cooperating


def _measures(group: RowGroup, field: str, kind: str) -> list[MeasureDoc]:
    per_row = len(group.rows) > 1
    measures = []
    for row, value in group.cells(field):
        extras = _row_unit_and_deadline(group, row) if per_row else {}
        measures += [MeasureDoc(text=text, kind=kind, **extras) for text in split_measures(value)]
    return measures


def _row_unit_and_deadline(group: RowGroup, row: int) -> dict:
    units = []
    if group.header.has("lead_unit"):
        units = split_units(group.grid.value(row, group.header.index("lead_unit")))
    deadline, deadline_text, _ = group.deadline_at(row)
    return {"unit": units[0] if units else None, "deadline": deadline, "deadline_text": deadline_text}


def _combined_deadline(deadlines: list[Deadline]) -> Deadline:
    """One deadline for the item: the latest date among its rows; else ongoing; else immediate; else an event."""
    stated = [d for d in deadlines if d[2] != "none"]
    dated = [d for d in stated if d[2] == "date"]
    if dated:
        return max(dated, key=lambda d: d[0])
    for kind in ("ongoing", "immediate", "event"):
        for deadline in stated:
            if deadline[2] == kind:
                return deadline
    return None, None, "none"


def _state(group: RowGroup) -> State | None:
    column = group.header.label("status") if group.header.has("status") else None
    states = [checked_status(value, group.log, row, column) for row, value in group.cells("status")]
    known = [s for s in states if s is not None]
    return min(known, key=_PROGRESS_ORDER.index) if known else None
