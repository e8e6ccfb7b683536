"""Granting a delegation of sign-off (代签): a deputy signs for a principal within a date range — and ending one early."""
from datetime import datetime

from models.directory.lookup import Directory
from models.directory.recipients import enqueue
from models.domain.clock import utcnow
from models.domain.commands import DelegationCommand, RevocationCommand
from models.domain.events import DELEGATION_GRANTED, DELEGATION_REVOKED
from models.domain.refusals import InvalidInput, NotAllowedInState, NotFound, NotYourRole
from models.domain.text import MAX_SHORT_TEXT, within
from models.domain.vocabulary import Role
from models.store.unit_of_work import UnitOfWork
from models.tables.meetings import Delegation


def grant_delegation(uow: UnitOfWork, cmd: DelegationCommand, now: datetime | None = None) -> Delegation:
    now = now or utcnow()
    uow.lock_chain()
    directory = Directory.of(uow)
    principal, deputy, actor = (directory.person(name) for name in (cmd.principal, cmd.deputy, cmd.actor))
    _check_may_manage(actor, principal, "授权代签", "设置")
    within(cmd.reason, MAX_SHORT_TEXT, "事由")
    if principal.id == deputy.id:
        raise InvalidInput("不能委托本人代签")
    if cmd.ends < cmd.starts:
        raise InvalidInput(f"代签结束日期 {cmd.ends} 早于开始日期 {cmd.starts}")
    delegation = Delegation(principal_id=principal.id, deputy_id=deputy.id, starts=cmd.starts, ends=cmd.ends,
                            reason=cmd.reason, created_at=now)
    uow.session.add(delegation)
    uow.session.flush()
    entry = uow.record(at=now, kind=DELEGATION_GRANTED, actor_id=actor.id, actor_name=actor.name,
                       reason=cmd.reason,
                       data={"delegation": delegation.id, "principal": principal.name, "deputy": deputy.name,
                             "starts": cmd.starts.isoformat(), "ends": cmd.ends.isoformat()})
    enqueue(uow, entry, [deputy], {"principal": principal.name, "deputy": deputy.name, "reason": cmd.reason,
                                   "starts": cmd.starts.isoformat(), "ends": cmd.ends.isoformat(),
                                   "at": now.isoformat(), "actor": actor.name})
    return delegation


def revoke_delegation(uow: UnitOfWork, cmd: RevocationCommand, now: datetime | None = None) -> Delegation:
    """From now on the deputy signs nothing more for the principal; what they signed stays signed."""
    now = now or utcnow()
    uow.lock_chain()
    delegation = uow.session.get(Delegation, cmd.delegation_id)
    if delegation is None:
        raise NotFound(f"没有代签授权 #{cmd.delegation_id}")
    actor = Directory.of(uow).person(cmd.actor)
    _check_may_manage(actor, delegation.principal, "撤销代签授权", "撤销")
    if delegation.revoked_at is not None:
        raise NotAllowedInState(f"代签授权 #{delegation.id} 已于 {delegation.revoked_at:%Y-%m-%d} 撤销")
    within(cmd.reason, MAX_SHORT_TEXT, "事由")
    delegation.revoked_at = now
    entry = uow.record(at=now, kind=DELEGATION_REVOKED, actor_id=actor.id, actor_name=actor.name, reason=cmd.reason,
                       data={"delegation": delegation.id, "principal": delegation.principal.name,
                             "deputy": delegation.deputy.name})
    enqueue(uow, entry, [delegation.deputy], {"principal": delegation.principal.name,
                                              "deputy": delegation.deputy.name, "reason": cmd.reason,
                                              "at": now.isoformat(), "actor": actor.name})
    return delegation


def _check_may_manage(actor, principal, what: str, verb: str) -> None:
    if actor.id != principal.id and Role.office not in actor.roles:
        raise NotYourRole(f"「{actor.describe()}」不能替「{principal.name}」{what}：只有本人或整改办可以{verb}")
