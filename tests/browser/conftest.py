"""The portal in a real browser: Debian's chromium driven by Playwright, against `rectiflow web`'s app served by
uvicorn on 127.0.0.1. Outside CI a machine without chromium skips these tests with the reason; in CI it fails."""
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from accounts import PASSWORD, give_accounts, settings_for
from browser_pages import DESKTOP
from prefect_server import free_port
from world import build_world

from rectiflow.web.app import create_app

CHROMIUM = os.environ.get("RECTIFLOW_TEST_CHROMIUM", "/usr/bin/chromium")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")


def require_chromium() -> None:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).is_file():
        return
    reason = f"没有找到 Chromium（{CHROMIUM}）：make test 会在可以时用 apt-get 安装 Debian 的 chromium"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


class _Server(uvicorn.Server):
    """uvicorn, telling the test the moment it is listening (no polling, no sleeps)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = threading.Event()

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets)
        self.listening.set()


@dataclass
class LivePortal:
    url: str
    db_url: str
    settings: object


@pytest.fixture
def live_portal(tmp_path, sqlite_url):
    """The world of tests/world.py (everyone with an account) served on 127.0.0.1, delivering its outbox."""
    build_world(sqlite_url, items=3)
    give_accounts(sqlite_url)
    settings = settings_for(tmp_path, sqlite_url)
    port = free_port()
    server = _Server(uvicorn.Config(create_app(settings, sqlite_url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert server.listening.wait(30), "uvicorn did not start"
    yield LivePortal(f"http://127.0.0.1:{port}", sqlite_url, settings)
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")  # not the session: Playwright's sync API runs an event loop in this thread while
def chromium():                  # it lives, and Prefect's sync calls in later tests would find it running
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def open_as(chromium, live_portal):
    """open_as(name, viewport=DESKTOP) → a page signed in as that person (None: nobody signed in)."""
    contexts = []

    def signed_in(name: str | None, viewport: dict = DESKTOP, password: str = PASSWORD):
        context = chromium.new_context(viewport=viewport, locale="zh-CN")
        context.set_default_timeout(10_000)  # a page here answers in well under a second: fail fast, not in 30 s
        contexts.append(context)
        page = context.new_page()
        page.goto(live_portal.url + "/login")
        if name:
            page.get_by_label("姓名或登录名").fill(name)
            page.get_by_label("密码").fill(password)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(live_portal.url + "/")
        return page

    yield signed_in
    for context in contexts:
        context.close()
