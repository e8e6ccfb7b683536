"""The API through its ASGI app (FastAPI's TestClient, httpx underneath), on a real database with the small
organisation of tests/world.py: items led by 办公室 whose responsible leader is 成员甲."""
from functools import cache

import pytest
from fastapi.testclient import TestClient
from world import PEOPLE, build_world

from models.identity.passwords import hash_password
from models.identity.secret_key import ensure_secret_key
from models.settings import Settings
from models.store.database import transaction
from models.tables.accounts import Account
from models.tables.organisation import Person
from rectiflow.web.app import create_app

PASSWORD = "Zhenggai2026"


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)  # once per test session: Argon2id is slow on purpose


def give_accounts(db_url: str, names=None) -> None:
    """Accounts with PASSWORD for these people (default: everyone in the world)."""
    from sqlalchemy import select

    wanted = set(names or (p["name"] for p in PEOPLE))
    with transaction(db_url) as session:
        for person in session.scalars(select(Person).where(Person.name.in_(wanted))):
            session.merge(Account(person_id=person.id, password_hash=password_hash()))


def settings_for(tmp_path, db_url: str) -> Settings:
    settings = Settings(home=tmp_path / "home", database_url=db_url, public_url="http://testserver")
    ensure_secret_key(settings.keys_dir)
    return settings


@pytest.fixture
def settings(tmp_path, db_url) -> Settings:
    return settings_for(tmp_path, db_url)


@pytest.fixture
def world_api(settings, db_url):
    """(client, db_url) with the world built and every person given PASSWORD."""
    build_world(db_url, items=3)
    give_accounts(db_url)
    with TestClient(create_app(settings, db_url)) as client:
        yield client, db_url


def token(client: TestClient, name: str, password: str = PASSWORD) -> str:
    answer = client.post("/api/v1/auth/token", data={"username": name, "password": password})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def as_(client: TestClient, name: str) -> dict:
    return {"Authorization": f"Bearer {token(client, name)}"}
