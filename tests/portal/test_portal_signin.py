"""Signing in and out of the portal, the session it keeps, and the guards every form has."""
from datetime import timedelta

from accounts import PASSWORD
from portal_forms import csrf_of, post_form, sign_in

from models.identity.accounts import invite


def test_a_page_sends_whoever_is_not_signed_in_to_login_and_back_after(browse):
    client = browse(None)
    page = client.get("/password?from=mail", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/password%3Ffrom%3Dmail"
    form = client.get(page.headers["location"])
    answer = client.post("/login", data={"login": "整改办甲", "password": PASSWORD, "csrf": csrf_of(form.text),
                                         "next": "/password?from=mail"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/password?from=mail"


def test_a_wrong_password_is_refused_in_chinese_and_nobody_is_signed_in(browse):
    client = browse(None)
    form = client.get("/login")
    answer = client.post("/login", data={"login": "整改办甲", "password": "wrong", "csrf": csrf_of(form.text)})
    assert answer.status_code == 401 and "密码" in answer.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_never_redirects_off_the_site(browse):
    client = browse(None)
    form = client.get("/login")
    answer = client.post("/login", data={"login": "整改办甲", "password": PASSWORD, "csrf": csrf_of(form.text),
                                         "next": "//evil.example/"}, follow_redirects=False)
    assert answer.headers["location"] == "/"


def test_a_form_without_the_sessions_csrf_token_is_refused(browse):
    client = browse("整改办甲")
    refused = client.post("/logout", data={"csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 403 and "表单已失效" in refused.text
    assert client.get("/", follow_redirects=False).status_code == 200  # still signed in


def test_sign_in_with_a_form_from_another_session_is_refused(browse):
    theirs = browse(None).get("/login")
    client = browse(None)
    client.get("/login")
    refused = client.post("/login", data={"login": "整改办甲", "password": PASSWORD, "csrf": csrf_of(theirs.text)})
    assert refused.status_code == 403


def test_the_session_cookie_is_httponly_and_samesite(browse):
    client = browse(None)
    answer = sign_in(client, "整改办甲")
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_signing_out_ends_the_session(browse):
    client = browse("整改办甲")
    assert post_form(client, "/logout", page="/").status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_changing_the_password_ends_every_session_and_the_new_one_works(browse):
    other_device = browse("财务联络员")
    client = browse("财务联络员")
    changed = post_form(client, "/password", {"current": PASSWORD, "new": "Xin-mima-2027", "again": "Xin-mima-2027"})
    assert changed.status_code == 303
    assert other_device.get("/", follow_redirects=False).status_code == 303
    assert sign_in(client, "财务联络员", "Xin-mima-2027").status_code == 303


def test_a_wrong_current_password_changes_nothing(browse):
    client = browse("财务联络员")
    refused = post_form(client, "/password", {"current": "nope", "new": "Xin-mima-2027", "again": "Xin-mima-2027"})
    assert refused.status_code == 422 and "密码" in refused.text
    assert sign_in(browse(None), "财务联络员").status_code == 303


def test_the_activation_link_lands_on_a_page_and_sets_the_password_only_when_posted(browse, portal_settings,
                                                                                    db_url):
    invitation = invite(db_url, "人事联络员", "整改办甲", public_url="http://testserver",
                        valid_for=timedelta(days=3))
    client = browse(None)
    path = invitation.link.removeprefix("http://testserver")
    landing = client.get(path)
    assert landing.status_code == 200 and "设置密码" in landing.text
    landing_again = client.get(path)  # opened twice (a mail scanner, then the person): still valid
    token = path.split("token=")[1]
    done = client.post("/activate", data={"token": token, "new": "Renshi-2026x", "again": "Renshi-2026x",
                                          "csrf": csrf_of(landing_again.text)}, follow_redirects=False)
    assert done.status_code == 303 and client.get("/").status_code == 200
    spent = browse(None)
    form = spent.get(path)
    again = spent.post("/activate", data={"token": token, "new": "Renshi-2026y", "again": "Renshi-2026y",
                                          "csrf": csrf_of(form.text)})
    assert again.status_code == 422 and "激活链接无效" in again.text


def test_pages_carry_the_security_headers_and_no_third_party_scripts(browse):
    page = browse("整改办甲").get("/")
    assert page.headers["x-frame-options"] == "DENY" and "default-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/htmx.min.js"' in page.text and "http" not in page.text.split("<script")[1][:40]
    assert browse(None).get("/static/htmx.min.js").status_code == 200
