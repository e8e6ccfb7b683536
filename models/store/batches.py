"""Long lists of ids cut into IN lists the databases accept (SQLite takes 32,766 parameters, PostgreSQL 65,535)."""
from collections.abc import Iterable, Iterator

IDS_PER_QUERY = 5_000


def batched(ids: Iterable[int], size: int = IDS_PER_QUERY) -> Iterator[list[int]]:
    batch: list[int] = []
    for item in ids:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
