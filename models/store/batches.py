"""Long lists of ids cut into IN lists the databases accept (SQLite takes 32,766 parameters, PostgreSQL 65,535);
long reads streamed a fetch at a time instead of held whole (`execution_options(yield_per=ROWS_PER_FETCH)`)."""
from collections.abc import Iterable, Iterator

from sqlalchemy import ARRAY, Integer, Result, Select, bindparam, func, select
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


def ids_selected(session: Session, ids: list[int], query: Select) -> Select:
    """A query of the few thousand `ids` that `query` selects, to read their rows of other tables by (`IN`). SQLite
    takes `query` (its planner keeps to the indexes; bound one by one, thousands of ids cost SQLAlchemy more than
    the read). PostgreSQL takes the ids as one array: with `query`, its planner — once the tables have statistics —
    chose to scan the whole of a large table (a province's 300,000 measures) for each few thousand."""
    if session.get_bind().dialect.name == "postgresql":
        return select(func.unnest(bindparam("ids", ids, type_=ARRAY(Integer))))
    return query
