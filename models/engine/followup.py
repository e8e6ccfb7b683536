"""回头看: the lead unit (or the office) confirms a closed item's problem has not come back."""
from datetime import datetime

from sqlalchemy.orm import Session

from models.store import audit_chain
from models.directory.lookup import find_person
from models.engine.locked_items import load_item
from models.domain.events import FOLLOWUP_CONFIRMED
from models.domain.refusals import NotAllowedInState, NotYourRole
from models.domain.vocabulary import Role, State


def confirm_followup(session: Session, item_id: int, actor: str, months: int, note: str | None,
                     now: datetime) -> int:
    audit_chain.lock(session)
    item = load_item(session, item_id)
    person = find_person(session, actor)
    if item.current_state is not State.closed:
        raise NotAllowedInState(f"{item.ref} 当前为「{item.current_state.label}」，只有已销号的事项需要回头看")
    if not (Role.office in person.roles or (person.unit_id == item.lead_unit_id and
                                            person.roles & {Role.liaison, Role.unit_head})):
        raise NotYourRole(f"「{person.describe()}」不是{item.lead_unit.name}的联络员、负责人或整改办，不能确认回头看")
    entry = audit_chain.append(session, at=now, kind=FOLLOWUP_CONFIRMED, actor_id=person.id, actor_name=person.name,
                               campaign_id=item.campaign_id, item_id=item.id, reason=note, data={"months": months})
    return entry.seq
