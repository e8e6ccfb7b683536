"""What a message about an item may show, frozen at the time of the event (plain JSON for the outbox)."""
from datetime import datetime

from models.domain.approval_policies import POLICIES
from models.domain.commands import Change
from models.domain.vocabulary import Action, State
from models.tables.approvals import ApprovalRequest
from models.tables.ledger import Item
from models.tables.organisation import Person


def message_context(item: Item, actor: Person, now: datetime, *, action: Action | None = None,
                    change: Change | None = None, source: State | None = None, target: State | None = None,
                    request: ApprovalRequest | None = None, **extra) -> dict:
    context = {
        "item_id": item.id, "number": item.number, "text": item.text, "campaign": item.campaign.title,
        "aspect": item.aspect.title, "unit": item.lead_unit.name,
        "leader": item.leader_names,
        "deadline": item.deadline.isoformat() if item.deadline else None, "deadline_text": item.deadline_text,
        "state": item.current_state.label, "actor": actor.name, "actor_desc": actor.describe(),
        "at": now.isoformat(),
    }
    if action is not None:
        context["action"] = action.label
    if source is not None:
        context["from_state"], context["to_state"] = source.label, target.label
    if change is not None:
        context.update(reason=change.reason, new_deadline=change.new_deadline.isoformat() if change.new_deadline else None,
                       new_unit=change.new_unit, evidence=[e.filename for e in change.evidence],
                       stage_targets=[{"text": t.text, "due": t.due.isoformat() if t.due else None}
                                      for t in change.stage_targets])
    if request is not None:
        context.update(request_id=request.id, request_action=Action(request.action).label,
                       policy=POLICIES[request.policy].describe(), requested_by=request.requested_by.name)
    context.update({k: v for k, v in extra.items() if v is not None})
    return context
