"""The ORM's mappers, configured at once: SQLAlchemy otherwise does it at a process's first query (≈ 0.1 s), which a
process that forks commands (rectiflow/warm) pays once for all of them."""
from sqlalchemy.orm import configure_mappers

import models.tables.schema  # noqa: F401 — every table, so that every mapper is there to configure


def configure_all() -> None:
    configure_mappers()
