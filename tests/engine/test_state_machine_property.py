"""Random sequences of actions by random people: the machine never breaks its promises."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from steps import FULL_CHANGE, act, decide
from world import PEOPLE, build_world

from models.domain.events import TRANSITION_EVENTS
from models.domain.refusals import Refused
from models.domain.vocabulary import Action, State
from models.store import audit_chain
from models.store.database import engine_for, reading
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.outbox import OutboxMessage
from models.tables.schema import Base

NAMES = [p["name"] for p in PEOPLE]
step = st.one_of(
    st.tuples(st.just("act"), st.integers(1, 2), st.sampled_from(list(Action)), st.sampled_from(NAMES)),
    st.tuples(st.just("decide"), st.integers(1, 2), st.sampled_from(["approve", "reject"]), st.sampled_from(NAMES)),
)


def pending_request(db_url, item_id):
    with reading(db_url) as session:
        return session.scalar(select(ApprovalRequest.id).where(ApprovalRequest.item_id == item_id,
                                                               ApprovalRequest.status == PENDING))


@pytest.mark.slow  # hypothesis drives hundreds of engine calls on a real database
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=5, max_size=25))
def test_random_action_sequences_keep_every_promise(tmp_path_factory, steps):
    url = f"sqlite:///{tmp_path_factory.mktemp('prop') / 'db.sqlite'}"
    Base.metadata.create_all(engine_for(url))
    build_world(url, items=2)
    fired = 0
    for kind, item_id, what, person in steps:
        try:
            if kind == "act":
                outcome = act(url, item_id, what, person, FULL_CHANGE)
                fired += outcome.fired
            else:
                request = pending_request(url, item_id)
                if request is None:
                    continue
                outcome = decide(url, request, person, what, comment="意见")
                fired += outcome.fired is not None
        except Refused:
            pass
    with reading(url) as session:
        assert {State(s) for s in session.scalars(select(Item.state))} <= set(State)
        transition_entries = session.scalars(select(AuditEntry).where(
            AuditEntry.kind.in_(TRANSITION_EVENTS.values()))).all()
        assert len(transition_entries) == fired  # one audit entry per transition
        for entry in transition_entries:  # at least one message per transition
            assert session.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.audit_seq == entry.seq)) >= 1
        assert audit_chain.verify(session).ok
