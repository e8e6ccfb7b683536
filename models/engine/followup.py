"""回头看: the lead unit (or the office) confirms a closed item's problem has not come back."""
from datetime import datetime

from models.directory.lookup import Directory
from models.domain.clock import utcnow
from models.domain.commands import FollowupCommand
from models.domain.events import FOLLOWUP_CONFIRMED
from models.domain.refusals import NotAllowedInState, NotYourRole
from models.domain.vocabulary import UNIT_ROLES, Role, State
from models.engine.locked_items import LockedItems
from models.store.unit_of_work import UnitOfWork


def confirm_followup(uow: UnitOfWork, cmd: FollowupCommand, now: datetime | None = None) -> int:
    item = LockedItems.of(uow).item(cmd.item_id)
    person = Directory.of(uow).person(cmd.actor)
    if item.current_state is not State.closed:
        raise NotAllowedInState(f"{item.ref} 当前为「{item.current_state.label}」，只有已销号的事项需要回头看")
    if not (Role.office in person.roles or (person.unit_id == item.lead_unit_id and person.roles & UNIT_ROLES)):
        raise NotYourRole(f"「{person.describe()}」不是{item.lead_unit.name}的联络员、负责人或整改办，不能确认回头看")
    entry = uow.record(at=now or utcnow(), kind=FOLLOWUP_CONFIRMED, actor_id=person.id, actor_name=person.name,
                       campaign_id=item.campaign_id, item_id=item.id, reason=cmd.note, data={"months": cmd.months})
    return entry.seq
