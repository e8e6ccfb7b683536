"""People with accounts, for the API's and the portal's tests: everyone in tests/world.py can sign in with PASSWORD."""
from functools import cache

from world import PEOPLE

from models.identity.passwords import hash_password
from models.identity.secret_key import ensure_secret_key
from models.settings import Settings
from models.store.database import transaction
from models.tables.accounts import Account
from models.tables.organisation import Person

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
