"""The transition table's rules on items and people held in memory: no database, the fast tier."""
import itertools

import pytest

from models.domain.refusals import NotAllowedInState, NotYourRole, OwnUnitForbidden
from models.domain.transitions import TABLE, allowed_actions, find
from models.domain.vocabulary import UNIT_ROLES, Action, Role, State
from models.engine.items import check_actor, transition_or_refuse
from models.tables.ledger import Item, ItemLeader, state_changes_allowed
from models.tables.organisation import Person, PersonRole, Unit

OWN_UNIT, OTHER_UNIT, LEADERS = Unit(id=1, name="办公室"), Unit(id=2, name="财务处"), Unit(id=3, name="局领导")


def item(state: State, leader_id: int | None = 90) -> Item:
    found = Item(id=7, lead_unit_id=OWN_UNIT.id, lead_unit=OWN_UNIT, leader_id=leader_id)
    if leader_id is not None:
        found.leader_links = [ItemLeader(person=Person(id=leader_id, name="责任领导"), position=0)]
    with state_changes_allowed():
        found.state = state.value
    return found


def person(role: Role, unit: Unit, person_id: int = 50) -> Person:
    return Person(id=person_id, name=f"{role.label}{unit.name}", unit_id=unit.id, unit=unit,
                  role_rows=[PersonRole(role=role.value)])


PAIRS = list(itertools.product(State, Action))


@pytest.mark.parametrize("state,action", PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_an_action_is_allowed_exactly_where_the_table_has_a_row(state, action):
    row = find(state, action)
    if row is not None:
        assert transition_or_refuse(item(state), action) is row
        assert action in allowed_actions(state)
        return
    with pytest.raises(NotAllowedInState) as refusal:
        transition_or_refuse(item(state), action)
    assert f"当前为「{state.label}」，不能执行「{action.label}」" in refusal.value.message


def test_state_is_never_assigned_outside_a_transition():
    from models.tables.ledger import StateAssignedOutsideEngine

    with pytest.raises(StateAssignedOutsideEngine):
        Item(id=1).state = "closed"


MATRIX = [(row, role, unit) for row in TABLE for role in Role for unit in (OWN_UNIT, OTHER_UNIT)]


@pytest.mark.parametrize("row,role,unit", MATRIX,
                         ids=[f"{r.action}-{role}-{'own' if u is OWN_UNIT else 'other'}" for r, role, u in MATRIX])
def test_who_may_act_follows_the_table_the_unit_rule_and_the_portfolio(row, role, unit):
    """A unit role acts only for its own unit; a responsible leader only on items in their portfolio; rows that
    must come from outside the unit refuse its own people."""
    actor = person(role, unit)
    portfolio = 50 if unit is OWN_UNIT else 91  # the leader answers for the item only in the first case
    target = item(row.sources[0], leader_id=portfolio)
    by_role = role in row.by and (role not in UNIT_ROLES or unit is OWN_UNIT) and \
        (role is not Role.leader or portfolio == actor.id)
    expected_ok = by_role and not (row.outside_unit and unit is OWN_UNIT)
    if expected_ok:
        check_actor(actor, target, row)
        return
    with pytest.raises(NotYourRole if not by_role else OwnUnitForbidden):
        check_actor(actor, target, row)
