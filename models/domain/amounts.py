"""Money a ledger names per problem (问题金额, 整改到位金额, in 万元), totalled the same way everywhere."""
from typing import Iterable, Protocol


class HasAmounts(Protocol):
    problem_amount: float | None
    rectified_amount: float | None


AMOUNT_LABELS = {"problem_amount": "问题金额", "rectified_amount": "整改到位金额"}


def amount_totals(items: Iterable[HasAmounts]) -> dict[str, float]:
    """问题金额 / 整改到位金额 summed over the items that have them; a label only when some item has an amount."""
    items = list(items)
    totals = {}
    for field, label in AMOUNT_LABELS.items():
        values = [getattr(i, field) for i in items if getattr(i, field) is not None]
        if values:
            totals[label] = round(sum(values), 4)
    return totals
