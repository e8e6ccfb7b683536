"""May this person take this action on this item now? Asked before anything is tried, so that a page offers only
what the engine would accept. The answer is the engine's own checks (models/engine/items.py check_may_act,
check_may_report; a request already waiting: requests.py), run on a read — never a second copy of the rules.
The engine still checks again when the action is taken."""
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.refusals import NotFound, Refused
from models.domain.transitions import allowed_actions
from models.domain.vocabulary import Action
from models.engine.items import check_may_act, check_may_report
from models.engine.requests import waiting_request
from models.store.database import read_only
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.ledger import Item
from models.tables.organisation import Person


class Permitted(BaseModel):
    actions: list[Action]  # the item's actions this person may take now, in the transition table's order
    report: bool  # may report progress on it


def may_take(item: Item, actor: Person, action: Action, pending: list[ApprovalRequest]) -> bool:
    try:
        row = check_may_act(item, actor, action)
    except Refused:
        return False
    asks_for = row.action if row.signoff else row.opens  # the sign-off request taking it would open
    return asks_for is None or waiting_request(pending, asks_for) is None


def may_report(item: Item, actor: Person) -> bool:
    try:
        check_may_report(item, actor)
    except Refused:
        return False
    return True


@read_only
def permitted(session: Session, item_id: int, person_id: int) -> Permitted:
    item, actor = session.get(Item, item_id), session.get(Person, person_id)
    if item is None or actor is None:
        raise NotFound(f"没有事项 #{item_id}")
    pending = list(session.scalars(select(ApprovalRequest).where(ApprovalRequest.item_id == item_id,
                                                                 ApprovalRequest.status == PENDING)))
    return Permitted(actions=[a for a in allowed_actions(item.current_state) if may_take(item, actor, a, pending)],
                     report=may_report(item, actor))
