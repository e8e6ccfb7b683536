"""The one transition table. No other module decides which action is legal in which state.

Each row: the states it applies in, the action, the target state (None: the state stays), who may
do it, whether the actor must be outside the item's lead unit, which approval policy must sign it
off (the row then fires only when the policy is met), the fields the action requires, and the
action whose sign-off request it opens (``submit`` opens ``verify``).
"""
from dataclasses import dataclass

from models.domain.vocabulary import OPEN_STATES, Action, Field, Role, State

S, A, R, F = State, Action, Role, Field


@dataclass(frozen=True)
class Transition:
    sources: tuple[State, ...]
    action: Action
    target: State | None
    by: frozenset[Role]
    outside_unit: bool = False
    signoff: str | None = None
    requires: frozenset[Field] = frozenset()
    opens: Action | None = None

    def target_from(self, source: State) -> State:
        return self.target or source


def _t(sources, action, target, by, *, outside_unit=False, signoff=None, requires=(), opens=None):
    return Transition(tuple(sources), action, target, frozenset(by), outside_unit, signoff, frozenset(requires), opens)


TABLE: tuple[Transition, ...] = (
    _t([S.assigned], A.start, S.in_progress, [R.liaison, R.unit_head, R.office]),
    _t([S.in_progress, S.long_term], A.submit, None, [R.liaison, R.unit_head],
       requires=[F.evidence], opens=A.verify),
    _t([S.in_progress, S.long_term], A.verify, S.verified, [R.office], outside_unit=True, signoff="office",
       requires=[F.item_evidence]),
    _t([S.verified], A.reject, S.in_progress, [R.office, R.member, R.chair], outside_unit=True,
       requires=[F.reason]),
    _t([S.verified], A.close, S.closed, [R.office], signoff="leading_group"),
    _t([S.assigned, S.in_progress], A.mark_long_term, S.long_term, [R.liaison, R.unit_head, R.office],
       signoff="leading_group", requires=[F.reason, F.stage_targets]),
    _t([S.closed], A.reopen, S.in_progress, [R.office, R.leader, R.member, R.chair],
       signoff="leading_group", requires=[F.reason]),
    _t(OPEN_STATES, A.extend, None, [R.liaison, R.unit_head, R.office], signoff="leading_group",
       requires=[F.reason, F.new_deadline]),
    _t(OPEN_STATES, A.reassign, None, [R.office], requires=[F.reason, F.new_unit]),
)

TRANSITIONS: dict[tuple[State, Action], Transition] = {
    (source, row.action): row for row in TABLE for source in row.sources
}


def allowed_actions(state: State) -> list[Action]:
    return [action for (source, action) in TRANSITIONS if source == state]


def find(state: State, action: Action) -> Transition | None:
    return TRANSITIONS.get((state, action))
