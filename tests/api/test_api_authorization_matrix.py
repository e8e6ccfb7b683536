"""Every action of the transition table × every role (own unit and another unit) through the API, plus no
credentials, a disabled account and an expired token. What is allowed is derived here from the transition
table and the directory (the roles a row names, unit roles only for one's own unit's items, a responsible leader
only for the items in their portfolio, the separation of duties) — never copied by hand."""
from datetime import datetime, timedelta, timezone

import pytest
from accounts import give_accounts, settings_for
from api_client import as_
from steps import bring_to
from world import PEOPLE, build_world

from models.domain.transitions import TABLE
from models.domain.vocabulary import UNIT_ROLES, Role
from models.identity.accounts import set_disabled
from models.identity.bearer import issue_bearer
from models.identity.secret_key import secret_key
from rectiflow.web.app import create_app

ITEM_UNIT, ITEM_LEADERS = "办公室", {"成员甲"}  # as tests/world.py builds its items
PERSONAS = [p for p in PEOPLE if p["name"] != "人事联络员"]
CASES = [(row, source) for row in TABLE for source in row.sources]
BODY = {"reason": "测试理由", "deadline": "2027-06-30", "unit": "财务处",
        "stages": [{"text": "完成阶段一", "due": "2027-03-31"}]}


def allowed(person: dict, action_row) -> bool:
    roles, unit = {Role(r) for r in person["roles"]}, person["unit"]

    def acts_as(role: Role) -> bool:
        if role not in roles:
            return False
        if role in UNIT_ROLES:
            return unit == ITEM_UNIT
        return role is not Role.leader or person["name"] in ITEM_LEADERS

    return any(acts_as(role) for role in action_row.by) and not (action_row.outside_unit and unit == ITEM_UNIT)


@pytest.mark.slow
@pytest.mark.parametrize("row,source", CASES, ids=[f"{r.action.value}-from-{s.value}" for r, s in CASES])
def test_who_may_take_each_action_is_what_the_transition_table_says(row, source, tmp_path, sqlite_url):
    """On SQLite (the other API tests run on both databases): the rules are the engine's, not the database's."""
    from fastapi.testclient import TestClient

    db_url, settings = sqlite_url, settings_for(tmp_path, sqlite_url)
    permitted = [p["name"] for p in PERSONAS if allowed(p, row)]
    build_world(db_url, items=1 + len(permitted))
    give_accounts(db_url)
    for item_id in range(1, 2 + len(permitted)):
        bring_to(db_url, item_id, source)
    with TestClient(create_app(settings, db_url)) as client:
        upload = client.post("/api/v1/evidence", headers=as_(client, "整改办甲"),
                             files={"file": ("佐证.pdf", b"%PDF evidence")}).json()
        body = {"action": row.action.value, **BODY, "evidence": [{"sha256": upload["sha256"], "filename": "佐证.pdf"}]}
        own_item = iter(range(2, 2 + len(permitted)))
        for person in PERSONAS:
            name = person["name"]
            item_id = next(own_item) if name in permitted else 1  # a refusal changes nothing: they share item 1
            answer = client.post(f"/api/v1/items/{item_id}/actions", json=body, headers=as_(client, name))
            assert answer.status_code == (200 if name in permitted else 403), (name, answer.text)

        assert client.post("/api/v1/items/1/actions", json=body).status_code == 401
        stale = _token_issued_long_ago(settings, client, "组长")
        assert client.post("/api/v1/items/1/actions", json=body, headers=stale).status_code == 401
        headers = as_(client, "成员丙")
        set_disabled(db_url, "成员丙", True, "整改办")
        assert client.post("/api/v1/items/1/actions", json=body, headers=headers).status_code == 401


def _token_issued_long_ago(settings, client, name: str) -> dict:
    """A bearer token signed a whole session ago (itsdangerous dates it when signing)."""
    import itsdangerous.timed

    me = client.get("/api/v1/me", headers=as_(client, name)).json()
    long_ago = datetime.now(timezone.utc) - timedelta(hours=settings.session_hours, minutes=1)
    real_time = itsdangerous.timed.time.time
    itsdangerous.timed.time.time = lambda: long_ago.timestamp()
    try:
        token = issue_bearer(secret_key(settings.keys_dir), me["person_id"], "password", long_ago)
    finally:
        itsdangerous.timed.time.time = real_time
    return {"Authorization": f"Bearer {token}"}
