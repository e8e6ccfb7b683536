"""What the audit chain says the ledger is, replayed entry by entry, and where the tables disagree with it: each
item's state, deadline and lead unit, and every signature on a sign-off request. A direct UPDATE of an item, or a
decision row inserted or deleted behind the engine's back, is found and located here."""
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from models.domain.events import (
    CAMPAIGN_REMOVED,
    CAMPAIGN_REPLACED,
    ITEM_IMPORTED,
    MEETING_DECIDED,
    SIGNOFF_APPROVED,
    SIGNOFF_REFUSED,
)
from models.domain.vocabulary import Action, State
from models.tables.approvals import ApprovalDecision
from models.tables.audit import AuditEntry
from models.tables.ledger import Item
from models.tables.organisation import Person, Unit

UNSAID = object()  # an entry written before the chain recorded this field: nothing to compare


@dataclass
class Said:
    """One fact about an item as the chain last said it, with the entry that said it."""
    value: object
    seq: int


@dataclass
class ItemAsChained:
    state: Said
    deadline: Said
    unit: Said


Signature = tuple[int, str, str | None, str, str, str, int, str]  # request, person, deputy, role, decision, …


def _signed_at(value: datetime | str) -> str:
    """A signature's time as a comparable UTC string (the tables keep naive UTC, the chain ISO with offset)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def _signature(request_id: int, s: dict) -> Signature:
    return (request_id, s["person"], s.get("deputy"), s["role"], s["decision"], s["meaning"], s["stage"],
            _signed_at(s["signed_at"]))


class Replay:
    """Fed every entry of a verified chain in order (models/store/audit_chain.verify's `visit`)."""

    def __init__(self) -> None:
        self.items: dict[int, ItemAsChained] = {}
        self.campaign_items: dict[int, set[int]] = defaultdict(set)
        self.signatures: Counter[Signature] = Counter()
        self.signed_in: dict[Signature, int] = {}

    def __call__(self, entry: AuditEntry) -> None:
        data = entry.data or {}
        if entry.kind == ITEM_IMPORTED:
            deadline = data["deadline"] if "deadline" in data else UNSAID
            self.items[entry.item_id] = ItemAsChained(Said(entry.to_state, entry.seq), Said(deadline, entry.seq),
                                                      Said(data.get("unit", UNSAID), entry.seq))
            self.campaign_items[entry.campaign_id].add(entry.item_id)
        elif entry.item_id is not None and entry.to_state is not None:
            self._transition(entry, data)
        elif entry.kind in (CAMPAIGN_REPLACED, CAMPAIGN_REMOVED):
            for item_id in self.campaign_items.pop(entry.campaign_id, set()):
                self.items.pop(item_id, None)
        if entry.kind in (SIGNOFF_APPROVED, SIGNOFF_REFUSED):
            self._signed(_signature(data["request"], data), entry.seq)
        elif entry.kind == MEETING_DECIDED:
            for signature in data.get("signatures", []):
                self._signed(_signature(data["request"], signature), entry.seq)

    def _transition(self, entry: AuditEntry, data: dict) -> None:
        item = self.items.setdefault(entry.item_id, ItemAsChained(
            Said(entry.to_state, entry.seq), Said(UNSAID, entry.seq), Said(UNSAID, entry.seq)))
        self.campaign_items[entry.campaign_id].add(entry.item_id)
        item.state = Said(entry.to_state, entry.seq)
        if entry.action == Action.extend.value and "new_deadline" in data:
            item.deadline = Said(data["new_deadline"], entry.seq)
        if entry.action == Action.reassign.value and "new_unit" in data:
            item.unit = Said(data["new_unit"], entry.seq)

    def _signed(self, signature: Signature, seq: int) -> None:
        self.signatures[signature] += 1
        self.signed_in[signature] = seq

    # ---- the tables against it ----------------------------------------------------------------------

    def item_problems(self, session: Session) -> list[str]:
        problems = []
        rows = session.execute(select(Item.id, Item.state, Item.deadline, Unit.name)
                               .join(Unit, Item.lead_unit_id == Unit.id).order_by(Item.id))
        seen = set()
        for item_id, state, deadline, unit in rows:
            seen.add(item_id)
            said = self.items.get(item_id)
            if said is None:
                problems.append(f"事项 #{item_id} 不在审计链中：它未经记录被写入数据库")
                continue
            if state != said.state.value:
                problems.append(f"事项 #{item_id} 的状态为「{_state(state)}」，审计链（第 {said.state.seq} 条）"
                                f"记录为「{_state(said.state.value)}」：状态被直接改动")
            shown = deadline.isoformat() if isinstance(deadline, date) else None
            if said.deadline.value is not UNSAID and shown != said.deadline.value:
                problems.append(f"事项 #{item_id} 的整改时限为 {shown or '无'}，审计链（第 {said.deadline.seq} 条）"
                                f"记录为 {said.deadline.value or '无'}：时限被直接改动")
            if said.unit.value is not UNSAID and unit != said.unit.value:
                problems.append(f"事项 #{item_id} 的牵头单位为「{unit}」，审计链（第 {said.unit.seq} 条）"
                                f"记录为「{said.unit.value}」：牵头单位被直接改动")
        for item_id in sorted(set(self.items) - seen):
            problems.append(f"事项 #{item_id} 已不在数据库中，而审计链（第 {self.items[item_id].state.seq} 条）"
                            f"记录了它：事项被删除")
        return problems

    def signature_problems(self, session: Session) -> list[str]:
        person, deputy = aliased(Person), aliased(Person)
        rows = session.execute(
            select(ApprovalDecision.request_id, person.name, deputy.name, ApprovalDecision.role,
                   ApprovalDecision.decision, ApprovalDecision.meaning, ApprovalDecision.stage_index,
                   ApprovalDecision.decided_at)
            .join(person, ApprovalDecision.person_id == person.id)
            .outerjoin(deputy, ApprovalDecision.deputy_id == deputy.id))
        stored = Counter((r, p, d, role, decision, meaning, stage, _signed_at(at))
                         for r, p, d, role, decision, meaning, stage, at in rows)
        problems = [f"审批申请 #{s[0]} 有一条审计链中没有的签署：{_who(s)}「{s[5]}」（{s[7][:19]}）——签署记录未经审计被写入"
                    for s in sorted((stored - self.signatures).elements())]
        problems += [f"审批申请 #{s[0]} 缺少{_who(s)}的签署「{s[5]}」（审计链第 {self.signed_in[s]} 条）——签署记录被删除或改动"
                     for s in sorted((self.signatures - stored).elements())]
        return problems

    @property
    def counts(self) -> tuple[int, int]:
        return len(self.items), sum(self.signatures.values())


def _state(value: str) -> str:
    try:
        return State(value).label
    except ValueError:
        return value


def _who(signature: Signature) -> str:
    return signature[1] + (f"（由{signature[2]}代签）" if signature[2] else "")
