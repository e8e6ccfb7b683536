"""Correcting a bad import: replacing a campaign's ledger with a corrected file, or removing it — allowed only
while nothing but the import has happened to it (no work reported, no sign-off, no round), audited, and the
units told. What a replacement changes is shown problem by problem (by 序号) before it is applied."""
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.directory.lookup import Directory
from models.directory.recipients import tell
from models.domain.clock import utcnow
from models.domain.events import CAMPAIGN_REMOVED, CAMPAIGN_REPLACED, ITEM_IMPORTED, LEDGER_IMPORTED
from models.domain.refusals import InvalidInput
from models.domain.vocabulary import Role
from models.ledger_files.columns import ColumnOptions
from models.ledger_files.document import LedgerDoc
from models.ledger_files.load import ImportSummary, history_people, ledger_digest, write_items
from models.ledger_files.names import resolve_names
from models.queries.campaigns import find_campaign
from models.store.database import read_only
from models.store.unit_of_work import UnitOfWork, unit_of_work
from models.tables.audit import AuditEntry
from models.tables.ledger import Campaign, Item

ONLY_THE_IMPORT = (ITEM_IMPORTED, LEDGER_IMPORTED)


class Change(BaseModel):
    number: str
    what: str  # 新增 / 删除 / 修改：…


class Correction(BaseModel):
    campaign_id: int
    title: str
    changes: list[Change]
    applied: bool
    summary: ImportSummary | None = None


@read_only
def saved_options(session: Session, ref: str) -> ColumnOptions:
    """How the campaign's ledger was read last time (`--column`, `--ignore-column`): its corrected file is read
    the same way unless the office says otherwise."""
    return ColumnOptions.model_validate(find_campaign(session, ref).column_mapping or {})


def only_imported(session: Session, campaign: Campaign) -> None:
    """Refuse, saying what happened, when anything but the import has happened to the campaign."""
    happened = session.execute(select(AuditEntry.kind, func.count()).where(
        AuditEntry.campaign_id == campaign.id, AuditEntry.kind.not_in(ONLY_THE_IMPORT)).group_by(AuditEntry.kind)).all()
    if happened:
        what = "、".join(f"{kind} {n} 条" for kind, n in happened)
        raise InvalidInput(f"整改任务 #{campaign.id}「{campaign.title}」导入后已有办理记录（{what}），不能再替换或删除；"
                           f"请对个别事项逐一调整（延期、调整牵头单位等）")


def differences(session: Session, campaign: Campaign, doc: LedgerDoc) -> list[Change]:
    old = {i.number: i for i in session.scalars(select(Item).where(Item.campaign_id == campaign.id))}
    new = {e.number: e for e in doc.items}
    changes = [Change(number=n, what="删除") for n in old if n not in new]
    changes += [Change(number=n, what="新增") for n in new if n not in old]
    for number in (n for n in new if n in old):
        item, entry = old[number], new[number]
        fields = [label for label, before, after in (
            ("问题", item.text, entry.text), ("方面", item.aspect.title, entry.aspect),
            ("牵头单位", item.lead_unit.name, entry.lead_unit), ("整改时限", item.deadline_text, entry.deadline_text),
            ("责任领导", item.leader_names, entry.leader), ("整改措施", [m.text for m in item.measures],
                                                        [m.text for m in entry.measures])) if before != after]
        if fields:
            changes.append(Change(number=number, what=f"修改：{'、'.join(fields)}"))
    return changes


def replace_campaign(db_url: str, ref: str, doc: LedgerDoc, actor_name: str, apply: bool,
                     options: ColumnOptions | None = None, now: datetime | None = None) -> Correction:
    """What replacing the campaign's ledger with `doc` changes; with `apply`, done (one transaction)."""
    now = now or utcnow()
    with unit_of_work(db_url) as uow:
        uow.lock_chain()
        campaign = find_campaign(uow.session, ref)
        only_imported(uow.session, campaign)
        changes = differences(uow.session, campaign, doc)
        correction = Correction(campaign_id=campaign.id, title=campaign.title, changes=changes, applied=False)
        if not apply:
            return correction
        names = resolve_names(uow, doc)
        people = history_people(uow, doc)
        _withdraw(uow, campaign)
        campaign.source_digest = ledger_digest(doc)
        if options is not None:
            campaign.column_mapping = options.model_dump()
        entry = uow.record(at=now, kind=CAMPAIGN_REPLACED, actor_id=None, actor_name=actor_name,
                           campaign_id=campaign.id, data={"changes": [c.model_dump() for c in changes]})
        tell(uow, entry, Directory.of(uow).with_role(Role.office),
             {"campaign": campaign.title, "changes": len(changes), "actor": actor_name, "at": now.isoformat()})
        summary = write_items(uow, campaign, doc, names, people, actor_name, now)
        return correction.model_copy(update={"applied": True, "summary": summary})


def remove_campaign(db_url: str, ref: str, actor_name: str, now: datetime | None = None) -> Correction:
    """Remove an imported campaign whole (one transaction): its units and the office are told."""
    now = now or utcnow()
    with unit_of_work(db_url) as uow:
        uow.lock_chain()
        campaign = find_campaign(uow.session, ref)
        only_imported(uow.session, campaign)
        count = uow.session.scalar(select(func.count()).select_from(Item).where(Item.campaign_id == campaign.id))
        title, campaign_id = campaign.title, campaign.id
        units = _unit_contacts(uow, campaign)
        entry = uow.record(at=now, kind=CAMPAIGN_REMOVED, actor_id=None, actor_name=actor_name,
                           campaign_id=campaign_id, data={"title": title, "items": count,
                                                          "digest": campaign.source_digest})
        tell(uow, entry, units + Directory.of(uow).with_role(Role.office),
             {"campaign": title, "items": count, "actor": actor_name, "at": now.isoformat()})
        _withdraw(uow, campaign)
        uow.session.delete(campaign)
        uow.session.flush()
        return Correction(campaign_id=campaign_id, title=title, changes=[], applied=True)


def _unit_contacts(uow: UnitOfWork, campaign: Campaign) -> list:
    unit_ids = uow.session.scalars(select(Item.lead_unit_id).where(Item.campaign_id == campaign.id).distinct())
    directory = Directory.of(uow)
    return [person for unit_id in unit_ids for person in directory.unit_contacts(unit_id)]


def _withdraw(uow: UnitOfWork, campaign: Campaign) -> None:
    """Delete the campaign's items and aspects (their measures, progress from the file… go with them)."""
    session = uow.session
    for item in session.scalars(select(Item).where(Item.campaign_id == campaign.id)):
        session.delete(item)
    session.flush()
    campaign.aspects.clear()
    session.flush()
