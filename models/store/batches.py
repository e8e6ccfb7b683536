"""Long lists of ids cut into IN lists the databases accept (SQLite takes 32,766 parameters, PostgreSQL 65,535);
long reads streamed a fetch at a time instead of held whole (`execution_options(yield_per=ROWS_PER_FETCH)`)."""
from collections.abc import Iterable, Iterator

from sqlalchemy import Result, Select
from sqlalchemy.orm import Session

IDS_PER_QUERY = 5_000
ROWS_PER_FETCH = 5_000


def batched(ids: Iterable[int], size: int = IDS_PER_QUERY) -> Iterator[list[int]]:
    batch: list[int] = []
    for item in ids:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def streamed(session: Session, query: Select) -> Result:
    """The rows of a long read of columns (not entities), a fetch at a time, through Core: the ORM's handling of
    each row is for entities, and cost a third of reading a province's report rows."""
    return session.connection().execute(query.execution_options(yield_per=ROWS_PER_FETCH))
