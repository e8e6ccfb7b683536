"""Signing in with a real browser, on a desktop and on a phone-sized screen."""
import pytest
from browser_pages import PHONE, screenshot

pytestmark = pytest.mark.browser


def test_a_person_signs_in_on_a_phone_and_lands_on_their_to_do_list(open_as, live_portal):
    page = open_as(None, PHONE)
    screenshot(page, "login-phone")
    page.get_by_label("姓名或登录名").fill("办公室联络员")
    page.get_by_label("密码").fill("Zhenggai2026")
    page.keyboard.press("Enter")  # the form works from the keyboard alone
    page.wait_for_url(live_portal.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "我的待办"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"


def test_a_wrong_password_says_so_and_keeps_the_name_typed(open_as, live_portal):
    page = open_as(None)
    page.get_by_label("姓名或登录名").fill("办公室联络员")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert "密码" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("姓名或登录名").input_value() == "办公室联络员"
    assert page.url.startswith(live_portal.url + "/login")
