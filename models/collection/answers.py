"""A unit's answer to a weekly round, however it came — the returned .xlsx form (ingest.py) or the portal's online
form: one transaction through the engine (progress on each item; 提请验收 where the unit asks for it), every row or
nothing. Either way it is the unit's progress on its round items, so either counts as its answer
(models/queries/round_answers.py), and answering again adds to it as a second form does."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.orm import Session

from models.collection.form_spec import REPORTER_LABEL, FormInvalid, FormSpec
from models.collection.rounds import round_unit
from models.directory.lookup import Directory
from models.domain.commands import ActionCommand, Change, EvidenceRef, ProgressCommand
from models.domain.problems import Problem
from models.domain.refusals import InvalidInput, MissingFields, NotYourRole, Refused
from models.domain.vocabulary import UNIT_ROLES, Action
from models.engine.items import apply_action, report_progress
from models.queries.round_answers import get_round
from models.store.unit_of_work import unit_of_work

READY_WITHOUT_TEXT = "已整改到位，提请检查验收"


class AnswerRow(BaseModel):
    item_id: int
    progress: str | None = None
    percent: int | None = None
    evidence: list[EvidenceRef] = []
    ready: bool = False  # 提请验收
    row: int | None = None  # the form's row it was read from (None: answered online)


class IngestResult(BaseModel):
    unit: str
    week: str
    progress: int
    submitted: list[int]


def asked_spec(session: Session, round_id: int, unit_id: int) -> tuple[FormSpec, datetime]:
    """What the unit was asked in the round (the form it was sent), and the round's due time; refused when the round
    is not ours, is closed, or never asked the unit."""
    round_ = get_round(session, round_id)
    row = round_unit(session, round_.id, unit_id)
    if round_.closed_at is not None:
        raise InvalidInput(f"{round_.week} 的报送已截止汇总，不能再报送；请在新一周的报送中填写")
    if row.form_spec is None:
        raise InvalidInput(f"{row.unit.name} 尚未收到 {round_.week} 的报送通知")
    return FormSpec.model_validate(row.form_spec), round_.due_at


def check_reporter(directory: Directory, expected: FormSpec, named: str | None) -> str:
    """The reporter's name; Refused when nobody is named, or someone who cannot report for the unit."""
    if not named:
        raise MissingFields(f"报送表未填写「{REPORTER_LABEL}」：请填写{expected.unit}联络员或负责人的姓名（或用 --as 指定）")
    person = directory.person(named)
    if person.unit_id != expected.unit_id:
        raise NotYourRole(f"「{person.describe()}」不属于{expected.unit}，不能报送{expected.unit}的报送表")
    if not person.roles & UNIT_ROLES:
        raise NotYourRole(f"「{person.describe()}」不是{expected.unit}的联络员或负责人，不能报送{expected.unit}的报送表")
    return person.name


def problem_at(answer: AnswerRow, reason: str) -> Problem:
    if answer.row is not None:
        return Problem.at(answer.row, None, reason)
    return Problem(row=None, column=None, message=f"事项 #{answer.item_id}：{reason}")


def record_answer(db_url: str, round_id: int, unit_id: int, reporter: str | None, answers: list[AnswerRow],
                  source: dict, now: datetime, *, by_round_close: bool = False, problems: list[Problem] = (),
                  label: str | None = None) -> IngestResult:
    """Record the unit's answer; FormInvalid with every problem (those found before, `problems`, too) and nothing
    written when any row is refused. `by_round_close`: read by the round's close run, so received by the due time."""
    problems = list(problems)
    submitted = []
    with unit_of_work(db_url) as uow:
        try:
            expected, due_at = asked_spec(uow.session, round_id, unit_id)
            name = check_reporter(Directory.of(uow), expected, reporter)
        except Refused as refusal:
            raise FormInvalid([Problem.at(None, None, refusal.message), *problems], source=label) from None
        asked = {row.item_id for row in expected.rows}
        for answer in answers:
            if answer.item_id not in asked:
                problems.append(problem_at(answer, f"不在{expected.unit} {expected.week} 的报送事项中"))
                continue
            try:
                with uow.savepoint():
                    report_progress(uow, ProgressCommand(
                        item_id=answer.item_id, actor=name, text=answer.progress or READY_WITHOUT_TEXT,
                        percent=answer.percent, evidence=answer.evidence, week=expected.week, source=source,
                        received_at=min(now, due_at) if by_round_close else None), now)
                    if answer.ready:
                        apply_action(uow, ActionCommand(item_id=answer.item_id, action=Action.submit, actor=name,
                                                        change=Change(evidence=answer.evidence)), now)
                        submitted.append(answer.item_id)
            except Refused as refusal:
                problems.append(problem_at(answer, refusal.message))
        if problems:
            raise FormInvalid(problems, source=label)  # rolls the whole answer back
    return IngestResult(unit=expected.unit, week=expected.week, progress=len(answers), submitted=submitted)
