"""Separation of duties, as a hostile colleague would test it: each hole found in issue 13 is a row here, and
each row is refused by the engine with nothing written (the table-driven matrix is tests/unit/)."""
from datetime import date, datetime, timedelta, timezone

import pytest
from steps import EVIDENCE, act, bring_to, counts, decide, item_state
from world import PEOPLE, ledger

from models.directory.apply import import_directory
from models.directory.org_file import OrgDoc
from models.domain.commands import DelegationCommand, MeetingCommand
from models.domain.refusals import AlreadyDecided, InvalidInput, MissingFields, NotYourRole
from models.domain.vocabulary import State
from models.engine.operations import perform_delegation, perform_meeting
from models.ledger_files.load import import_ledger_doc
from models.queries.audit_log import audit_log
from models.queries.items import item_detail

TODAY = datetime.now(timezone.utc).date()


def closing_request(db_url, item_id=1) -> int:
    bring_to(db_url, item_id, State.verified)
    return act(db_url, item_id, "close", "整改办甲").request_id


def delegation(principal, deputy, actor) -> DelegationCommand:
    return DelegationCommand(principal=principal, deputy=deputy, starts=TODAY - timedelta(days=1),
                             ends=TODAY + timedelta(days=1), actor=actor, reason="出差")


def meeting(request, chair="组长", attendees=("成员甲",), recorder="整改办乙", held_on=TODAY) -> MeetingCommand:
    return MeetingCommand(held_on=held_on, chair=chair, attendees=list(attendees), approve=[request],
                          recorded_by=recorder)


# ---- a) a responsible leader acts only in their portfolio ------------------------------------------------------

def test_a_leader_cannot_reopen_an_item_outside_their_portfolio(world):
    other_leader = {"name": "副局长丁", "unit": "局领导", "roles": ["leader"]}  # a leader, not a member
    import_directory(world.db_url, OrgDoc.model_validate({"people": [other_leader]}), "测试")
    bring_to(world.db_url, 1, State.closed)
    before = counts(world.db_url)
    with pytest.raises(NotYourRole):
        act(world.db_url, 1, "reopen", "副局长丁", reason="我想重开")  # the items' leader is 成员甲
    assert counts(world.db_url) == before
    assert act(world.db_url, 1, "reopen", "成员甲", reason="问题反弹").request_id  # the item's own leader may


# ---- b) a delegation is the principal's act, or the office's ---------------------------------------------------

def test_nobody_can_make_themselves_someone_elses_deputy(world):
    before = counts(world.db_url)
    with pytest.raises(NotYourRole, match="只有本人或整改办"):
        perform_delegation(world.db_url, delegation("组长", "财务联络员", actor="财务联络员"))
    assert counts(world.db_url) == before


@pytest.mark.parametrize("actor", ["组长", "整改办甲"])
def test_a_delegation_records_who_set_it_up(world, actor):
    perform_delegation(world.db_url, delegation("组长", "财务联络员", actor=actor))
    entry = audit_log(world.db_url, limit=1)[0]
    assert entry.kind == "delegation_granted" and entry.actor == actor
    assert (entry.data["principal"], entry.data["deputy"]) == ("组长", "财务联络员")


# ---- c) one human counts once in any quorum ------------------------------------------------------------------

def test_one_person_cannot_be_two_members_by_signing_as_a_deputy_too(world):
    request = closing_request(world.db_url)
    perform_delegation(world.db_url, delegation("成员乙", "成员甲", actor="成员乙"))
    decide(world.db_url, request, "成员甲")  # as themselves: one member of the two the policy needs
    with pytest.raises(AlreadyDecided, match="只计一次"):
        decide_for(world.db_url, request, "成员甲", "成员乙")
    assert item_state(world.db_url, 1) is State.verified


def decide_for(db_url, request, deputy, principal):
    from models.domain.commands import DecisionCommand
    from models.engine.operations import perform_decision

    return perform_decision(db_url, DecisionCommand(request_id=request, decision="approve", actor=deputy,
                                                    on_behalf_of=principal))


# ---- d) names in a ledger are checked against the directory ---------------------------------------------------

def test_a_ledger_cannot_make_a_liaison_a_responsible_leader(db_url):
    import_directory(db_url, OrgDoc.model_validate({"people": PEOPLE}), "测试")
    doc = ledger(2).model_copy(deep=True)
    doc.items[1].leader = "财务联络员"
    before = counts(db_url)
    with pytest.raises(InvalidInput, match="第4行「责任领导」：「财务联络员（联络员，财务处）」不是责任领导"):
        import_ledger_doc(db_url, doc)
    assert counts(db_url) == before


def test_several_leaders_in_one_cell_are_several_people_with_their_titles(db_url):
    import_directory(db_url, OrgDoc.model_validate({"people": PEOPLE}), "测试")
    doc = ledger(1).model_copy(deep=True)
    doc.items[0].leader = "周建华（党组书记、局长）、成员甲"
    summary = import_ledger_doc(db_url, doc)
    assert summary.people_created == ["周建华"]
    assert item_detail(db_url, 1, TODAY).item.leader == "周建华、成员甲"
    from models.queries.people import list_people

    assert "周建华（党组书记、局长）" not in {p.name for p in list_people(db_url)}


def test_every_leader_named_may_act_in_their_portfolio(db_url):
    import_directory(db_url, OrgDoc.model_validate({"people": PEOPLE}), "测试")
    doc = ledger(1).model_copy(deep=True)
    doc.items[0].leader = "成员甲、成员乙"
    import_ledger_doc(db_url, doc)
    bring_to(db_url, 1, State.closed)
    assert act(db_url, 1, "reopen", "成员乙", reason="问题反弹").request_id


# ---- e) a meeting is the leading group's, dated when it was held ----------------------------------------------

@pytest.mark.parametrize("change,refusal,reason", [
    ({"chair": "办公室联络员"}, NotYourRole, "不能主持领导小组会议"),
    ({"attendees": ("成员甲", "办公室主任")}, NotYourRole, "出席人员须为领导小组成员"),
    ({"recorder": "办公室联络员"}, NotYourRole, "不能记录领导小组会议"),
    ({"held_on": TODAY + timedelta(days=3)}, InvalidInput, "只能记录已召开的会议"),
    ({"held_on": TODAY - timedelta(days=30)}, InvalidInput, "早于审批申请"),
    ({"held_on": date(2099, 1, 1)}, InvalidInput, "超出合理范围|只能记录已召开的会议"),
], ids=["liaison-chairs", "unit-head-attends", "liaison-records", "future-date", "before-the-request", "2099"])
def test_a_meeting_that_is_not_the_leading_groups_decides_nothing(world, change, refusal, reason):
    request = closing_request(world.db_url)
    before = counts(world.db_url)
    with pytest.raises((refusal, InvalidInput), match=reason):
        perform_meeting(world.db_url, meeting(request, **change))
    assert counts(world.db_url) == before and item_state(world.db_url, 1) is State.verified


# ---- g) verification needs evidence on the item, whichever way it is asked for --------------------------------

def test_the_office_cannot_verify_an_item_without_evidence(world):
    act(world.db_url, 1, "start", "办公室联络员")  # started, nothing submitted
    before = counts(world.db_url)
    with pytest.raises(MissingFields, match="佐证材料"):
        act(world.db_url, 1, "verify", "整改办甲")
    assert counts(world.db_url) == before
    assert act(world.db_url, 1, "verify", "整改办甲", evidence=[EVIDENCE]).request_id  # with evidence, it may ask
