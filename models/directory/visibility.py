"""Who reads what: the office and the leading group (leaders, members, the chair) see the whole ledger; anyone
else — a unit's liaison or head — sees the items their unit leads or cooperates on."""
from models.domain.vocabulary import Role
from models.tables.organisation import Person

WHOLE_LEDGER = frozenset({Role.office, Role.leader, Role.member, Role.chair})


def sees_whole_ledger(person: Person) -> bool:
    return bool(person.roles & WHOLE_LEDGER)
