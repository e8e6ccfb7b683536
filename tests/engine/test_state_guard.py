import pytest

from models.store.database import transaction
from models.tables.ledger import Item, StateAssignedOutsideEngine


def test_state_cannot_be_assigned_outside_the_engine(world):
    with pytest.raises(StateAssignedOutsideEngine):
        with transaction(world.db_url) as session:
            session.get(Item, 1).state = "closed"
