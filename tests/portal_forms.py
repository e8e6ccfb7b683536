"""Using the portal's forms as a browser does: the CSRF token read off the page, then the post."""
import re
from contextlib import ExitStack, contextmanager

from accounts import PASSWORD
from fastapi.testclient import TestClient

CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page_html: str) -> str:
    found = CSRF_FIELD.search(page_html)
    assert found, "the page carries no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD):
    form = client.get("/login")
    return client.post("/login", data={"login": name, "password": password, "csrf": csrf_of(form.text)},
                       follow_redirects=False)


def post_form(client: TestClient, path: str, data: dict | None = None, page: str | None = None, **kwargs):
    """POST a portal form with the CSRF token read off `page` (default: the page at `path`)."""
    token = csrf_of(client.get(page or path).text)
    return client.post(path, data={**(data or {}), "csrf": token}, follow_redirects=False, **kwargs)


@contextmanager
def browsers(app):
    """browse(name) → a client of `app` signed in as that person (None: nobody signed in); all closed on leaving."""
    with ExitStack() as stack:
        def browse(name: str | None) -> TestClient:
            client = stack.enter_context(TestClient(app, base_url="http://testserver"))
            if name:
                assert sign_in(client, name).status_code == 303
            return client

        yield browse
