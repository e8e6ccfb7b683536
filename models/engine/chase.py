"""催办: the office presses a unit — about one of its items, or about every open item it leads. Audited, and the
unit's liaison and head are told; nothing about the item changes."""
from datetime import datetime

from sqlalchemy import select

from models.directory.lookup import Directory
from models.directory.recipients import tell
from models.domain.chinese_dates import cn_date
from models.domain.clock import utcnow
from models.domain.commands import ChaseCommand, ChaseOutcome
from models.domain.events import UNIT_CHASED
from models.domain.refusals import InvalidInput, NotAllowedInState, NotYourRole
from models.domain.vocabulary import OPEN_STATES, Role
from models.engine.locked_items import LockedItems
from models.engine.messages import message_context
from models.queries.campaigns import find_campaign
from models.store.unit_of_work import UnitOfWork
from models.tables.ledger import Item
from models.tables.organisation import Person, Unit


def chase(uow: UnitOfWork, cmd: ChaseCommand, now: datetime | None = None) -> ChaseOutcome:
    now = now or utcnow()
    directory = Directory.of(uow)
    actor = directory.person(cmd.actor)
    if Role.office not in actor.roles:
        raise NotYourRole(f"只有整改办可以催办，「{actor.describe()}」不能催办")
    if (cmd.item_id is None) == (cmd.unit is None):
        raise InvalidInput("催办须指定一个事项或一个单位（二者选一）")
    unit, items = _item_and_unit(uow, cmd.item_id) if cmd.item_id is not None else _unit_and_items(uow, cmd)
    people = directory.unit_contacts(unit.id)
    campaigns = {i.campaign_id for i in items}
    entry = uow.record(at=now, kind=UNIT_CHASED, actor_id=actor.id, actor_name=actor.name,
                       campaign_id=campaigns.pop() if len(campaigns) == 1 else None,
                       item_id=cmd.item_id, reason=cmd.note,
                       data={"unit": unit.name, "items": [i.id for i in items], "told": [p.name for p in people]})
    messages = tell(uow, entry, people, _context(unit, items, actor, now, cmd))
    return ChaseOutcome(unit=unit.name, items=[i.id for i in items], told=[p.name for p in people],
                        audit_seq=entry.seq, messages=messages)


def _item_and_unit(uow: UnitOfWork, item_id: int) -> tuple[Unit, list[Item]]:
    item = LockedItems.of(uow).item(item_id)
    if item.current_state not in OPEN_STATES:
        raise NotAllowedInState(f"{item.ref} 当前为「{item.current_state.label}」，无需催办")
    return item.lead_unit, [item]


def _unit_and_items(uow: UnitOfWork, cmd: ChaseCommand) -> tuple[Unit, list[Item]]:
    unit = Directory.of(uow).unit(cmd.unit)
    query = (select(Item).where(Item.lead_unit_id == unit.id, Item.state.in_(OPEN_STATES))
             .order_by(Item.campaign_id, Item.position))
    if cmd.campaign:
        query = query.where(Item.campaign_id == find_campaign(uow.session, cmd.campaign).id)
    items = list(uow.session.scalars(query).unique())
    if not items:
        raise NotAllowedInState(f"{unit.name}没有未办结的牵头事项，无需催办")
    return unit, items


def _context(unit: Unit, items: list[Item], actor: Person, now: datetime, cmd: ChaseCommand) -> dict:
    """One item: the item's own context (the message shows it whole); a unit: its open items, listed."""
    if cmd.item_id is not None:
        return message_context(items[0], actor, now, note=cmd.note)
    return {"unit": unit.name, "actor": actor.name, "actor_desc": actor.describe(), "at": now.isoformat(),
            "note": cmd.note,
            "items": [{"item_id": i.id, "number": i.number, "text": i.text, "state": i.current_state.label,
                       "deadline": i.deadline_text or (cn_date(i.deadline) if i.deadline else None)}
                      for i in items]}
