import pytest

from models.store.database import unit_of_work
from models.tables.ledger import Item, StateAssignedOutsideEngine


def test_state_cannot_be_assigned_outside_the_engine(world):
    with pytest.raises(StateAssignedOutsideEngine):
        with unit_of_work(world.db_url) as session:
            session.get(Item, 1).state = "closed"
