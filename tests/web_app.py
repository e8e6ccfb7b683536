"""One application for the session, pointed at each test's database and settings: building one costs ~50 ms of a
core (FastAPI analyses every route's parameters again for each app, at its creation and at its first requests)."""
from dataclasses import replace

import pytest
from accounts import settings_for

from rectiflow.web.app import create_app


@pytest.fixture(scope="session")
def session_app(tmp_path_factory):
    return create_app(settings_for(tmp_path_factory.mktemp("web"), "sqlite://"), "sqlite://")


@pytest.fixture
def web_app(session_app):
    """web_app(settings, db_url) → the session's app answering from this database with these settings. Its server
    secret and sign-on provider stay the session's: a test about either builds an app of its own (create_app)."""
    def serving(settings, db_url):
        session_app.state.rectiflow = replace(session_app.state.rectiflow, settings=settings, db_url=db_url)
        return session_app

    return serving
