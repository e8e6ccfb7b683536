"""Answers a read built, kept while the audit chain's head stays where it was. Every change to what the office sees
appends an audit entry (an engine operation, an import, a round, the calendar, the directory, campaign facts), so
an unchanged head means a rebuilt answer would be the same: for reads that take seconds (the dashboard's report
numbers) or judge thousands of items on every view (a leader's lit items)."""
from collections.abc import Callable
from threading import Lock
from typing import TypeVar

from sqlalchemy.orm import Session

from models.store.audit_chain import head_before, head_now

T = TypeVar("T")
KEPT = 256  # answers kept in all, the oldest going first: dashboards, leaders' lists, the board's totals by filter
_kept: dict[tuple, tuple[tuple[int, str], object]] = {}
_lock = Lock()  # the portal answers requests on several threads


def unchanged_since_built(session: Session, key: tuple, build: Callable[[], T],
                          passing: frozenset[str] = frozenset()) -> T:
    """`build()`, or what it gave for the same `key` on this database if no audit entry was written since — none
    but entries of the `passing` kinds, which change nothing it depends on. `key` holds everything else the answer
    depends on (the day, the campaign, the person…). Callers must not change what they are given: the next caller
    gets the same object."""
    head = head_before(session, passing) if passing else head_now(session)
    key = (str(session.get_bind().url), *key)
    with _lock:
        kept = _kept.get(key)
    if kept is not None and kept[0] == head:
        return kept[1]
    value = build()
    with _lock:
        _kept.pop(key, None)
        while len(_kept) >= KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[key] = (head, value)
    return value


def forget() -> None:
    """Drop every kept answer (a test's database may be another with the same address and the same chain)."""
    with _lock:
        _kept.clear()
