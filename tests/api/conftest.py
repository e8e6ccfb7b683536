"""The API through its ASGI app (FastAPI's TestClient, httpx underneath), on a real database with the small
organisation of tests/world.py: items led by 办公室 whose responsible leader is 成员甲."""
import pytest
from accounts import settings_for
from fastapi.testclient import TestClient


@pytest.fixture
def settings(tmp_path, db_url):
    return settings_for(tmp_path, db_url)


@pytest.fixture
def world_api(web_app, settings, db_url, new_world):
    """(client, db_url) with the world built and every person given PASSWORD."""
    new_world(accounts=True)
    with TestClient(web_app(settings, db_url)) as client:
        yield client, db_url
