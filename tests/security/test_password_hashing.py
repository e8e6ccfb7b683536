"""Passwords are stored as Argon2id hashes at RFC 9106's strength. (The rest of the suite hashes with cheap parameters,
tests/conftest.py; these tests look at what the application uses outside it.)"""
from argon2 import Type, extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY
from sqlalchemy import select
from world import build_world

from models.identity import passwords
from models.identity.signin import sign_in
from models.store.database import reading, transaction
from models.tables.accounts import Account
from models.tables.organisation import Person


def test_the_application_hashes_with_argon2id_at_rfc_9106_strength():
    stored = passwords.STRONG.hash("Zhenggai2026")
    used = extract_parameters(stored)
    assert used.type is Type.ID
    assert used.time_cost >= RFC_9106_LOW_MEMORY.time_cost
    assert used.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost  # 64 MiB
    assert used.salt_len >= 16 and used.hash_len >= 32
    assert passwords.STRONG.verify(stored, "Zhenggai2026")


def test_a_hash_made_with_weaker_parameters_is_replaced_at_the_next_sign_in(sqlite_url, monkeypatch):
    build_world(sqlite_url)
    weak = passwords.hash_password("Zhenggai2026")  # the suite's cheap parameters, standing for an old hash
    with transaction(sqlite_url) as session:
        chair = session.scalars(select(Person.id).where(Person.name == "组长")).one()
        session.add(Account(person_id=chair, password_hash=weak))
    monkeypatch.setattr(passwords, "hasher", passwords.STRONG)

    sign_in(sqlite_url, "组长", "Zhenggai2026", channel="api", address=None, zone="Asia/Shanghai")

    with reading(sqlite_url) as session:
        stored = session.get(Account, chair).password_hash
    assert stored != weak and not passwords.needs_rehash(stored)
    assert extract_parameters(stored) == extract_parameters(passwords.STRONG.hash("x"))
