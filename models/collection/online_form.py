"""The weekly form as the portal shows it: the rounds of a week that asked a person's unit, each with the rows its
.xlsx form was sent with (the same FormSpec, so both ways ask the same) and whether the unit has answered yet."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.collection.form_spec import FormSpec
from models.domain.answers import ANSWER_LABELS
from models.queries.round_answers import answer
from models.store.database import read_only
from models.tables.collection import CollectionRound, RoundUnit
from models.tables.organisation import Person


class OnlineForm(BaseModel):
    round_id: int
    campaign: str
    week: str
    due_at: datetime
    open: bool  # not yet closed: answers are still taken
    spec: FormSpec
    status: str  # on_time / late / missing, so far
    status_label: str
    answered_at: datetime | None


@read_only
def asked_forms(session: Session, person_id: int, now: datetime, week: str | None = None,
                open_only: bool = False) -> list[OnlineForm]:
    """The rounds (of `week`, or any) that asked the person's unit, newest first."""
    unit_id = session.get(Person, person_id).unit_id
    query = (select(RoundUnit).join(CollectionRound).where(RoundUnit.unit_id == unit_id,
                                                           RoundUnit.form_spec.is_not(None))
             .order_by(CollectionRound.due_at.desc(), CollectionRound.id))
    if week:
        query = query.where(CollectionRound.week == week)
    if open_only:
        query = query.where(CollectionRound.closed_at.is_(None))
    forms = []
    for row in session.scalars(query) if unit_id is not None else ():
        round_ = row.round
        status, first = answer(session, round_, row, now)
        forms.append(OnlineForm(round_id=round_.id, campaign=round_.campaign.title, week=round_.week,
                                due_at=round_.due_at, open=round_.closed_at is None,
                                spec=FormSpec.model_validate(row.form_spec), status=status,
                                status_label=ANSWER_LABELS[status], answered_at=first))
    return forms
