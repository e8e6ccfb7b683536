"""Leading-group meetings deciding in a batch, and delegated signatures (代签)."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select
from steps import act, bring_to, counts, item_state, office_today
from world import build_world

from models.domain.clock import utcnow
from models.domain.commands import DecisionCommand, DelegationCommand, MeetingCommand, RevocationCommand
from models.domain.refusals import (
    InvalidInput,
    NotAllowedInState,
    NotYourRole,
    OwnUnitForbidden,
    RequestNotPending,
    SelfApproval,
)
from models.domain.vocabulary import State
from models.engine.decisions import decide
from models.engine.delegations import grant_delegation, revoke_delegation
from models.engine.meetings import decide_at_meeting
from models.store.database import reading
from models.store.unit_of_work import unit_of_work
from models.tables.approvals import ApprovalDecision, ApprovalRequest
from models.tables.audit import AuditEntry

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc)


def delegate(db_url, principal, deputy, starts=date(2026, 12, 1), ends=date(2026, 12, 10), actor=None) -> int:
    with unit_of_work(db_url) as uow:
        return grant_delegation(uow, DelegationCommand(principal=principal, deputy=deputy, starts=starts, ends=ends,
                                                actor=actor or principal, reason="出差"), NOW).id


def revoke(db_url, delegation_id, actor):
    with unit_of_work(db_url) as uow:
        revoke_delegation(uow, RevocationCommand(delegation_id=delegation_id, actor=actor, reason="提前返岗"), NOW)


def sign(db_url, request_id, actor, on_behalf_of=None, decision="approve", comment=None):
    with unit_of_work(db_url) as uow:
        return decide(uow, DecisionCommand(request_id=request_id, decision=decision, actor=actor,
                                               on_behalf_of=on_behalf_of, comment=comment), NOW)


def closing_request(db_url, item_id=1):
    bring_to(db_url, item_id, State.verified)
    return act(db_url, item_id, "close", "整改办甲").request_id


def test_meeting_decides_ten_requests_with_ten_audit_entries_linked_to_it(sqlite_url, tmp_path):
    build_world(sqlite_url, items=10)
    requests = [closing_request(sqlite_url, i) for i in range(1, 11)]
    with unit_of_work(sqlite_url) as uow:
        outcome = decide_at_meeting(uow, MeetingCommand(
            held_on=office_today(), chair="组长", attendees=["成员甲", "成员乙"], approve=requests,
            recorded_by="整改办乙"), utcnow())
    assert all(item_state(sqlite_url, i) is State.closed for i in range(1, 11))
    with reading(sqlite_url) as session:
        linked = session.scalars(select(AuditEntry).where(AuditEntry.kind == "meeting_decided")).all()
        assert len(linked) == 10 and {e.data["meeting"] for e in linked} == {outcome.meeting_id}
        assert sorted(e.item_id for e in linked) == list(range(1, 11))
        decisions = session.scalars(select(ApprovalDecision).where(ApprovalDecision.meeting_id == outcome.meeting_id))
        assert {d.person.name for d in decisions} == {"组长", "成员甲", "成员乙"}
        closed = session.scalars(select(AuditEntry).where(AuditEntry.kind == "item_closed")).all()
        # the decision is the meeting's, taken under its chair; the clerk is recorded as who wrote it down
        assert {(e.actor_name, e.data.get("recorded_by")) for e in closed} == {("组长", "整改办乙")}


def test_meeting_counts_only_the_attendees_who_may_approve(sqlite_url):
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    before = counts(sqlite_url)
    with pytest.raises(InvalidInput, match="不足以通过"), unit_of_work(sqlite_url) as uow:
        decide_at_meeting(uow, MeetingCommand(held_on=office_today(), chair="成员甲", approve=[request],
                                              recorded_by="整改办乙"), utcnow())  # one member: the policy wants two
    assert counts(sqlite_url) == before and item_state(sqlite_url, 1) is State.verified


def test_meeting_with_one_bad_request_records_nothing(sqlite_url):
    build_world(sqlite_url, items=2)
    good = closing_request(sqlite_url, 1)
    with pytest.raises(InvalidInput, match="#999"), unit_of_work(sqlite_url) as uow:
        decide_at_meeting(uow, MeetingCommand(held_on=office_today(), chair="组长", approve=[good, 999],
                                                  recorded_by="整改办乙"), utcnow())
    assert item_state(sqlite_url, 1) is State.verified


def test_meeting_rejection_carries_its_reason(sqlite_url):
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    with unit_of_work(sqlite_url) as uow:
        decide_at_meeting(uow, MeetingCommand(held_on=office_today(), chair="组长", reject={request: "台账不符"},
                                                  recorded_by="整改办乙"), utcnow())
    with reading(sqlite_url) as session:
        assert session.get(ApprovalRequest, request).closing_reason == "台账不符"


def test_delegate_signs_for_principal_and_both_names_are_recorded(sqlite_url):
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    delegate(sqlite_url, "成员甲", "财务联络员")
    sign(sqlite_url, request, "财务联络员")
    with reading(sqlite_url) as session:
        decision = session.scalars(select(ApprovalDecision).where(ApprovalDecision.request_id == request)).one()
        assert (decision.person.name, decision.deputy.name) == ("成员甲", "财务联络员")
        entry = session.scalars(select(AuditEntry).where(AuditEntry.kind == "signoff_approved")
                                .order_by(AuditEntry.seq.desc())).first()
        assert (entry.data["person"], entry.data["deputy"]) == ("成员甲", "财务联络员")
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.kind == "delegation_granted")) == 1


def test_delegate_counts_once_for_their_principal(sqlite_url):
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    delegate(sqlite_url, "成员甲", "财务联络员")
    sign(sqlite_url, request, "财务联络员")
    with pytest.raises(Exception, match="已对审批申请"):
        sign(sqlite_url, request, "成员甲")  # the principal's signature is already given
    assert item_state(sqlite_url, 1) is State.verified
    sign(sqlite_url, request, "成员乙")
    assert item_state(sqlite_url, 1) is State.closed


def test_delegate_cannot_sign_what_they_raised_or_their_own_units_item(sqlite_url):
    build_world(sqlite_url, items=2)
    delegate(sqlite_url, "成员甲", "办公室主任")
    extension = act(sqlite_url, 1, "extend", "办公室主任", reason="理由", new_deadline=date(2027, 6, 30)).request_id
    with pytest.raises(SelfApproval):
        sign(sqlite_url, extension, "办公室主任")
    request = closing_request(sqlite_url, 2)  # items are led by 办公室, the deputy's own unit
    with pytest.raises(OwnUnitForbidden):
        sign(sqlite_url, request, "办公室主任")


def test_delegation_outside_its_dates_does_not_count(sqlite_url):
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    delegate(sqlite_url, "成员甲", "财务联络员", starts=date(2026, 11, 1), ends=date(2026, 11, 30))
    with pytest.raises(NotYourRole):
        sign(sqlite_url, request, "财务联络员")


@pytest.mark.parametrize("approvers,closed", [(["成员甲"], False), (["成员甲", "成员乙"], True)])
def test_two_of_n_policy_needs_two_distinct_members(sqlite_url, approvers, closed):
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    for person in approvers:
        sign(sqlite_url, request, person)
    assert (item_state(sqlite_url, 1) is State.closed) is closed


def test_lapsed_request_cannot_be_approved(sqlite_url):
    build_world(sqlite_url, items=1)
    act(sqlite_url, 1, "start", "办公室联络员")
    request = act(sqlite_url, 1, "extend", "办公室联络员", reason="理由", new_deadline=date(2027, 3, 31)).request_id
    act(sqlite_url, 1, "reassign", "整改办甲", reason="职责调整", new_unit="财务处")
    with pytest.raises(RequestNotPending, match="已失效"):
        sign(sqlite_url, request, "组长")


def test_all_members_policy_needs_every_member(sqlite_url, monkeypatch):
    from models.domain.approval_policies import POLICIES, ApprovalPolicy, Quorum, Stage
    from models.domain.vocabulary import Role

    monkeypatch.setitem(POLICIES, "leading_group", ApprovalPolicy(
        "leading_group", "全体成员", (Stage((Quorum(Role.member, "all"),)),)))
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    members = ["组长", "成员甲", "成员乙", "成员丙"]
    for signed, person in enumerate(members, 1):
        sign(sqlite_url, request, person)
        assert (item_state(sqlite_url, 1) is State.closed) is (signed == len(members))
    delegate(sqlite_url, "成员甲", "财务联络员")
    with pytest.raises(RequestNotPending):
        sign(sqlite_url, request, "财务联络员")


def test_a_revoked_delegation_signs_nothing_more_and_the_deputy_is_told(sqlite_url):
    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url)
    delegation = delegate(sqlite_url, "成员甲", "财务联络员")
    revoke(sqlite_url, delegation, "成员甲")
    with pytest.raises(NotYourRole):
        sign(sqlite_url, request, "财务联络员", on_behalf_of="成员甲")
    with reading(sqlite_url) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.kind == "delegation_revoked")).one()
        assert entry.data["deputy"] == "财务联络员" and entry.reason == "提前返岗"
    with pytest.raises(NotAllowedInState, match="已于"):
        revoke(sqlite_url, delegation, "整改办甲")


def test_only_the_principal_or_the_office_revokes_a_delegation(sqlite_url):
    build_world(sqlite_url, items=1)
    delegation = delegate(sqlite_url, "成员甲", "财务联络员")
    for someone in ("财务联络员", "成员乙"):
        with pytest.raises(NotYourRole):
            revoke(sqlite_url, delegation, someone)
    revoke(sqlite_url, delegation, "整改办甲")
