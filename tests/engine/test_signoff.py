"""Sign-off: policies, separation of duties, rejection with reason, lapsing when the item changes."""
from datetime import date

import pytest
from sqlalchemy import select
from steps import EVIDENCE, act, bring_to, counts, decide, item_state

from models.directory.lookup import Directory
from models.domain.approval_policies import Quorum, Stage, stage_met
from models.domain.refusals import (
    AlreadyDecided,
    AlreadyPending,
    MissingFields,
    NoApprovers,
    NotYourRole,
    OwnUnitForbidden,
    RequestNotPending,
    SelfApproval,
)
from models.domain.vocabulary import Role, State
from models.store.database import reading, transaction
from models.tables.approvals import ApprovalRequest
from models.tables.audit import AuditEntry
from models.tables.organisation import PersonRole
from models.tables.outbox import OutboxMessage


def request_status(db_url, request_id) -> str:
    with reading(db_url) as session:
        return session.get(ApprovalRequest, request_id).status


def test_submit_opens_verify_request_and_item_shows_awaiting_verification(world):
    from models.queries.items import list_items

    act(world.db_url, 1, "start", "办公室联络员")
    outcome = act(world.db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE])
    assert outcome.request_id is not None
    with reading(world.db_url) as session:
        row = list_items(session, world.today).rows[0]
    assert (row.state, row.awaiting) == ("in_progress", "待验收")


def test_submit_requires_evidence(world):
    act(world.db_url, 1, "start", "办公室联络员")
    before = counts(world.db_url)
    with pytest.raises(MissingFields, match="佐证材料"):
        act(world.db_url, 1, "submit", "办公室联络员")
    assert counts(world.db_url) == before


def test_unit_cannot_verify_its_own_item(world):
    with transaction(world.db_url) as session:  # give the unit's head the office role too
        head = Directory(session).person("办公室主任")
        head.role_rows.append(PersonRole(role=Role.office.value))
    act(world.db_url, 1, "start", "办公室联络员")
    request = act(world.db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE]).request_id
    with pytest.raises(OwnUnitForbidden, match="本单位"):
        decide(world.db_url, request, "办公室主任")
    with pytest.raises(OwnUnitForbidden):
        act(world.db_url, 1, "verify", "办公室主任")
    assert item_state(world.db_url, 1) is State.in_progress


def test_nobody_approves_a_request_they_raised(world):
    bring_to(world.db_url, 1, State.verified)
    request = act(world.db_url, 1, "close", "整改办甲").request_id
    with transaction(world.db_url) as session:
        office = Directory(session).person("整改办甲")
        office.role_rows.append(PersonRole(role=Role.chair.value))
    with pytest.raises(SelfApproval):
        decide(world.db_url, request, "整改办甲")


def test_leading_group_needs_two_members_or_the_chair(world):
    bring_to(world.db_url, 1, State.verified)
    bring_to(world.db_url, 2, State.verified)
    first = act(world.db_url, 1, "close", "整改办甲").request_id
    assert decide(world.db_url, first, "成员甲").fired is None
    assert item_state(world.db_url, 1) is State.verified
    assert decide(world.db_url, first, "成员乙").fired.to_state is State.closed
    second = act(world.db_url, 2, "close", "整改办甲").request_id
    assert decide(world.db_url, second, "组长").fired.to_state is State.closed


def test_same_member_cannot_count_twice(world):
    bring_to(world.db_url, 1, State.verified)
    request = act(world.db_url, 1, "close", "整改办甲").request_id
    decide(world.db_url, request, "成员甲")
    with pytest.raises(AlreadyDecided):
        decide(world.db_url, request, "成员甲")
    assert item_state(world.db_url, 1) is State.verified


def test_unit_liaison_cannot_sign_off_closing(world):
    bring_to(world.db_url, 1, State.verified)
    request = act(world.db_url, 1, "close", "整改办甲").request_id
    with pytest.raises(NotYourRole, match="领导小组"):
        decide(world.db_url, request, "财务联络员")


def test_rejection_needs_a_reason_that_reaches_the_unit(world):
    act(world.db_url, 1, "start", "办公室联络员")
    request = act(world.db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE]).request_id
    with pytest.raises(MissingFields):
        decide(world.db_url, request, "整改办甲", "reject")
    decide(world.db_url, request, "整改办甲", "reject", comment="佐证材料不全")
    assert request_status(world.db_url, request) == "rejected"
    assert item_state(world.db_url, 1) is State.in_progress
    with reading(world.db_url) as session:
        told = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "signoff_refused")).all()
    assert {m.recipient for m in told} >= {"办公室联络员", "办公室主任"}
    assert all(m.context["comment"] == "佐证材料不全" for m in told)
    with pytest.raises(RequestNotPending):
        decide(world.db_url, request, "整改办乙")


def test_request_lapses_when_item_changes_while_it_waits(world):
    act(world.db_url, 1, "start", "办公室联络员")
    extension = act(world.db_url, 1, "extend", "办公室联络员", reason="需党组会审议",
                    new_deadline=date(2027, 3, 31)).request_id
    act(world.db_url, 1, "reassign", "整改办甲", reason="职责调整", new_unit="财务处")
    assert request_status(world.db_url, extension) == "lapsed"
    with reading(world.db_url) as session:
        told = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "signoff_lapsed")).all()
    assert [m.recipient for m in told] == ["办公室联络员"]
    with pytest.raises(RequestNotPending, match="已失效"):
        decide(world.db_url, extension, "组长")


def test_one_pending_request_per_item_and_action(world):
    act(world.db_url, 1, "start", "办公室联络员")
    act(world.db_url, 1, "extend", "办公室联络员", reason="理由", new_deadline=date(2027, 3, 31))
    with pytest.raises(AlreadyPending):
        act(world.db_url, 1, "extend", "办公室主任", reason="理由", new_deadline=date(2027, 4, 30))


def test_extension_moves_deadline_once_approved(world):
    from models.tables.ledger import Item

    act(world.db_url, 1, "start", "办公室联络员")
    request = act(world.db_url, 1, "extend", "办公室联络员", reason="理由", new_deadline=date(2027, 3, 31)).request_id
    decide(world.db_url, request, "组长")
    with reading(world.db_url) as session:
        assert session.get(Item, 1).deadline == date(2027, 3, 31)
        extended = session.scalars(select(AuditEntry).where(AuditEntry.kind == "item_extended")).one()
        assert extended.data["old_deadline_text"] == "2026年12月底"  # what the ledger said is kept in the audit


def test_an_extension_replaces_the_deadline_text_everywhere_it_is_shown(world):
    from models.queries.items import item_detail, list_items
    from models.reports.progress import build_progress_report
    from models.tables.ledger import Campaign

    act(world.db_url, 1, "start", "办公室联络员")
    request = act(world.db_url, 1, "extend", "办公室联络员", reason="理由", new_deadline=date(2027, 3, 31)).request_id
    decide(world.db_url, request, "组长")
    today = world.today
    assert list_items(world.db_url, today).rows[0].deadline_text == "2027年3月31日"
    assert item_detail(world.db_url, 1, today).item.deadline_text == "2027年3月31日"
    with reading(world.db_url) as session:
        report = build_progress_report(session, session.get(Campaign, 1), today)
    assert report.aspects[0].items[0].deadline_text == "2027年3月31日"


def test_request_without_possible_approvers_is_refused(world):
    with transaction(world.db_url) as session:
        session.execute(PersonRole.__table__.delete().where(PersonRole.role == Role.office.value))
    act(world.db_url, 1, "start", "办公室联络员")
    before = counts(world.db_url)
    with pytest.raises(NoApprovers):
        act(world.db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE])
    assert counts(world.db_url) == before


@pytest.mark.parametrize("approvals,met", [
    ({1: {Role.member}}, False),
    ({1: {Role.member}, 2: {Role.member}}, True),
    ({3: {Role.chair, Role.member}}, True),
])
def test_any_two_members_or_the_chair(approvals, met):
    stage = Stage((Quorum(Role.member, 2), Quorum(Role.chair)))
    assert stage_met(stage, {k: frozenset(v) for k, v in approvals.items()}, {}) is met


@pytest.mark.parametrize("approvers,met", [({1}, False), ({1, 2}, False), ({1, 2, 3}, True)])
def test_all_of_a_committee(approvers, met):
    stage = Stage((Quorum(Role.member, "all"),))
    eligible = {Role.member: {1, 2, 3}}
    assert stage_met(stage, {p: frozenset({Role.member}) for p in approvers}, eligible) is met
