"""Every (state, action) pair: allowed ones land where the table says, the rest are refused with nothing written."""
import itertools

import pytest
from steps import FULL_CHANGE, act, bring_to, counts, item_state, perform_fully
from world import build_world

from models.domain.refusals import NotAllowedInState
from models.domain.transitions import find
from models.domain.vocabulary import Action, State

PAIRS = list(itertools.product(State, Action))


@pytest.mark.slow  # the same pairs without a database: tests/unit/test_transition_rules.py
@pytest.mark.parametrize("state,action", PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_every_state_action_pair_lands_in_declared_target_or_is_refused(sqlite_url, state, action):
    build_world(sqlite_url, items=1)
    bring_to(sqlite_url, 1, state)
    row = find(state, action)
    if row is None:
        before = counts(sqlite_url)
        with pytest.raises(NotAllowedInState) as refusal:
            act(sqlite_url, 1, action, "整改办甲", FULL_CHANGE)
        assert f"当前为「{state.label}」" in refusal.value.message
        assert f"不能执行「{action.label}」" in refusal.value.message
        assert counts(sqlite_url) == before
        assert item_state(sqlite_url, 1) is state
        return
    outcome = perform_fully(sqlite_url, 1, row)
    assert outcome.fired
    assert item_state(sqlite_url, 1) is row.target_from(state)


def test_refusal_lists_what_can_be_done(sqlite_url):
    build_world(sqlite_url, items=1)
    bring_to(sqlite_url, 1, State.verified)
    with pytest.raises(NotAllowedInState) as refusal:
        act(sqlite_url, 1, "start", "办公室联络员")
    assert refusal.value.message == "事项 #1 当前为「已验收」，不能执行「开始整改」；可执行：退回整改、对账销号"
