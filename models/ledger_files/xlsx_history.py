"""Reading the history sheets of an exported ledger (history_sheets.py) onto the items read from its ledger
sheet, matched by 序号. A file without them is an ordinary ledger; with them, every row must fit."""
from collections.abc import Callable
from datetime import datetime

from models.domain.deadlines import parse_deadline
from models.domain.problems import ProblemLog
from models.ledger_files.assembly import PendingItem, text_of
from models.ledger_files.document import EvidenceDoc, MeasureDoc, ProgressDoc, StageTargetDoc
from models.ledger_files.history_sheets import EVIDENCE, KIND_LABELS, MEASURES, PROGRESS, STAGE_TARGETS, YES
from models.ledger_files.merged_grid import MergedGrid

_KINDS = {label: kind for kind, label in KIND_LABELS.items()}


def read_history(sheet_named: Callable[[str], MergedGrid | None], pending: list[PendingItem], log: ProblemLog) -> None:
    """`sheet_named(name)`: the workbook's sheet of that name, read; None when it has none."""
    by_number = {p.doc.number: p.doc for p in pending}
    for spec, apply in ((MEASURES, _measure), (STAGE_TARGETS, _stage_target), (PROGRESS, _progress),
                        (EVIDENCE, _evidence)):
        sheet = sheet_named(spec.name)
        if sheet is None:
            continue
        header = [text_of(v) for v in sheet.row_values(1)]
        if tuple(header[:len(spec.columns)]) != spec.columns:
            log.add(1, spec.name, f"工作表「{spec.name}」的表头应为：{'、'.join(spec.columns)}")
            continue
        if spec is MEASURES:
            for doc in by_number.values():
                doc.measures = []  # the sheet holds them in full: units, deadlines, done, kind
        for row in range(2, sheet.max_row + 1):
            values = sheet.row_values(row)
            cells = dict(zip(header, values))
            if not any(text_of(v) for v in values):
                continue
            doc = by_number.get(text_of(cells["序号"]))
            if doc is None:
                log.add(row, f"{spec.name}·序号", f"台账中没有序号为「{text_of(cells['序号'])}」的问题")
                continue
            try:
                apply(doc, cells)
            except ValueError as error:
                log.add(row, spec.name, str(error))


def _measure(doc, cells: dict) -> None:
    deadline, deadline_text, _ = parse_deadline(cells["时限"])
    doc.measures.append(MeasureDoc(text=text_of(cells["内容"]), kind=_KINDS.get(text_of(cells["类别"]), "measure"),
                                   unit=text_of(cells["责任单位"]) or None, deadline=deadline,
                                   deadline_text=deadline_text, done=text_of(cells["已完成"]) == YES))


def _stage_target(doc, cells: dict) -> None:
    due, _, _ = parse_deadline(cells["完成时间"])
    doc.stage_targets.append(StageTargetDoc(text=text_of(cells["阶段目标"]), due=due))


def _progress(doc, cells: dict) -> None:
    percent = cells["完成百分比"]
    measure = text_of(cells.get("措施序号"))
    measures = [m for m in doc.measures if m.kind == "measure"]
    if measure and not (measure.isdigit() and 1 <= int(measure) <= len(measures)):
        raise ValueError(f"措施序号「{measure}」不存在：该问题有 {len(measures)} 条整改措施")
    doc.history.append(ProgressDoc(unit=text_of(cells["报送单位"]), person=text_of(cells["报送人"]) or None,
                                   text=text_of(cells["进展"]), percent=int(percent) if percent not in (None, "") else None,
                                   week=text_of(cells["周次"]) or None, reported_at=_moment(cells["报送时间"]),
                                   done=text_of(cells.get("已完成")) == YES, measure=int(measure) if measure else None))


def _evidence(doc, cells: dict) -> None:
    doc.evidence.append(EvidenceDoc(filename=text_of(cells["文件名"]), sha256=text_of(cells["sha256"]),
                                    size=int(cells["大小（字节）"] or 0), added_by=text_of(cells["添加人"]),
                                    added_at=_moment(cells["添加时间"])))


def _moment(value: object) -> datetime:
    """Times are exported as ISO text with their offset, so they come back to the microsecond."""
    try:
        moment = datetime.fromisoformat(text_of(value))
    except ValueError:
        raise ValueError(f"时间「{text_of(value)}」应写成 2026-11-30T09:00:00+08:00") from None
    if moment.tzinfo is None:
        raise ValueError(f"时间「{text_of(value)}」缺少时区，应写成 2026-11-30T09:00:00+08:00")
    return moment
