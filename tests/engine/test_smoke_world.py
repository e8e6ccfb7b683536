from sqlalchemy import func, select

from models.store.database import reading
from models.tables.ledger import Item


def test_world_has_three_assigned_items(world):
    with reading(world.db_url) as session:
        assert session.scalar(select(func.count()).select_from(Item).where(Item.state == "assigned")) == 3
