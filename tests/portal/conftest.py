"""The portal through its ASGI app (httpx underneath), on a real database with the small organisation of
tests/world.py, everyone with an account. `browse(name)` is a client signed in as that person."""
import pytest
from accounts import settings_for
from portal_forms import browsers


@pytest.fixture
def portal_settings(tmp_path, db_url):
    return settings_for(tmp_path, db_url)


@pytest.fixture
def portal_app(web_app, portal_settings, db_url, new_world):
    new_world(accounts=True)
    return web_app(portal_settings, db_url)


@pytest.fixture
def browse(portal_app):
    """browse(name) → a client signed in as that person; browse(None) → nobody signed in."""
    with browsers(portal_app) as open_as:
        yield open_as
