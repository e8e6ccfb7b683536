"""An item's whole life in the browser, nobody at a shell: the unit reports and submits with a file on a phone, the
office verifies by signing with its password, two members of the leading group sign the close, the item shows
已销号 — and the unit's own head, forcing a verification, is refused by the engine."""
import re

import pytest
from browser_pages import PHONE, screenshot

pytestmark = pytest.mark.browser
ITEM = 1


def open_action(page, label: str) -> None:
    """Open an action's folded form on the item page (each is a <details> headed by the action's name)."""
    page.locator("summary", has_text=label).click()


def sign_request(page, base: str, password: str = "Zhenggai2026") -> None:
    """On 我的待办, open the request waiting on me and sign it (approve) with my password again."""
    waiting = page.locator("section", has=page.get_by_role("heading", name="等我审批"))
    waiting.get_by_role("link", name=re.compile("^#\\d+ ")).first.click()
    page.get_by_label("登录密码（签署时须再次输入）").fill(password)
    page.get_by_role("button", name="签署").click()
    assert "已签署" in page.content()


def test_a_unit_reports_the_office_verifies_and_the_leading_group_closes_in_the_browser(open_as, live_portal,
                                                                                           tmp_path):
    base = live_portal.url
    evidence = tmp_path / "整改制度.pdf"
    evidence.write_bytes(b"%PDF-1.4 the revised rules")

    liaison = open_as("办公室联络员", PHONE)
    liaison.goto(f"{base}/items/{ITEM}")
    open_action(liaison, "开始整改")
    liaison.get_by_role("button", name="开始整改").click()
    liaison.get_by_label("本次整改进展（必填）").fill("已修订公务接待管理制度，完成自查")
    liaison.get_by_label("完成百分比（可选）").fill("90")
    liaison.get_by_label("佐证材料（可多个）").set_input_files(str(evidence))
    liaison.get_by_role("button", name="报送进展").click()
    assert "已修订公务接待管理制度" in liaison.content()
    open_action(liaison, "提请验收")
    liaison.locator("#submit-files").set_input_files(str(evidence))
    liaison.get_by_role("button", name="提请验收").click()
    assert "待验收" in liaison.content()
    assert liaison.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(liaison, "item-phone")

    own_head = open_as("办公室主任")
    own_head.goto(f"{base}/items/{ITEM}")
    assert own_head.get_by_role("button", name="检查验收").count() == 0
    csrf = own_head.locator("input[name=csrf]").first.input_value()
    version = own_head.locator("input[name=version]").first.input_value()  # the item as it stands: not stale
    forced = own_head.request.post(f"{base}/items/{ITEM}/actions", multipart={
        "csrf": csrf, "action": "verify", "version": version, "reason": ""})
    assert forced.status == 403 and "整改办" in forced.text()

    office = open_as("整改办甲")
    screenshot(office, "home-office")
    sign_request(office, base)
    office.goto(f"{base}/items/{ITEM}")
    assert "已验收" in office.content()
    open_action(office, "对账销号")
    office.get_by_role("button", name="对账销号").click()
    assert "审批申请" in office.content()

    for member in ("成员乙", "成员丙"):
        page = open_as(member, PHONE if member == "成员丙" else None)
        if member == "成员丙":
            screenshot(page, "approvals-phone")
        sign_request(page, base)

    office.goto(f"{base}/items/{ITEM}")
    assert "已销号" in office.locator("dl.facts").inner_text()
    screenshot(office, "item-closed")
