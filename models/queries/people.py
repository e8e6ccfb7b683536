"""The organisation directory as `org list` shows it (addresses without their secrets)."""
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.vocabulary import Role
from models.store.database import read_only
from models.tables.organisation import Person


class PersonRow(BaseModel):
    id: int
    name: str
    unit: str | None
    roles: list[str]
    role_labels: list[str]
    addresses: list[str]  # the channel only: "dingtalk://…"


@read_only
def list_people(session: Session) -> list[PersonRow]:
    people = session.scalars(select(Person).order_by(Person.unit_id, Person.id)).unique().all()
    return [PersonRow(id=p.id, name=p.name, unit=p.unit.name if p.unit else None,
                      roles=[r.value for r in Role.ordered(p.roles)], role_labels=[r.label for r in Role.ordered(p.roles)],
                      addresses=[a.split("://")[0] + "://…" for a in p.addresses]) for p in people]
