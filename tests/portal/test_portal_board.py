"""整改台账 board: filters kept in the URL, 50 a page, a unit's people see only their unit's items, the filtered
ledger exported as a real .xlsx under a Chinese name, item text shown as text."""
import re
from io import BytesIO
from urllib.parse import quote, unquote

import pytest
from openpyxl import load_workbook

from models.ledger_files.document import LedgerDoc
from models.ledger_files.export import FIRST_ROW, HEADER_ROW
from models.ledger_files.load import load_ledger
from models.store.unit_of_work import unit_of_work

HOSTILE = "<script>alert('x')</script>报销审核不严"
AUDIT = "第二轮审计整改台账"  # campaign #2: 财务处 leads 60 items (half long overdue), 人事处 leads 10


def audit_ledger() -> LedgerDoc:
    rows = [("财务管理", "财务处", f"财务问题{n}", "2020-06-30" if n % 2 else "2099-12-31") for n in range(1, 61)]
    rows += [("人事管理", "人事处", f"人事问题{n}", "2099-12-31") for n in range(1, 11)]
    rows[0] = ("财务管理", "财务处", HOSTILE, "2020-06-30")
    return LedgerDoc.model_validate({
        "campaign": {"title": AUDIT, "source_type": "审计", "feedback_date": "2026-09-01"},
        "aspects": ["财务管理", "人事管理"],
        "items": [{"row": n + 2, "number": str(n), "aspect": aspect, "text": text, "measures": [{"text": "整改措施"}],
                   "lead_unit": unit, "leader": "成员乙", "deadline": deadline,
                   "deadline_text": "2020年6月底" if deadline.startswith("2020") else "2099年12月底",
                   "deadline_kind": "date"} for n, (aspect, unit, text, deadline) in enumerate(rows, 1)],
    })


@pytest.fixture
def browse_ledger(browse, portal_app, db_url):
    with unit_of_work(db_url) as uow:
        load_ledger(uow, audit_ledger())
    return browse


def numbers_on(page_html: str) -> int:
    return page_html.count('<td data-label="序号">')


def test_the_board_shows_each_items_columns_and_links_to_its_page(browse):
    page = browse("整改办甲").get("/items?campaign=1")
    assert page.status_code == 200
    for shown in ('href="/items/1"', "问题1", "方面一", "办公室", "成员甲", "2026年12月底", "已交办", 'class="light'):
        assert shown in page.text
    assert "共 <strong>3</strong> 项" in page.text


def test_whoever_is_not_signed_in_is_sent_to_sign_in_and_back_to_the_filtered_board(browse):
    answer = browse(None).get("/items?campaign=1&state=assigned", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=" + quote("/items?campaign=1&state=assigned", safe="/")


def test_filters_narrow_the_board_and_stay_selected_in_its_form(browse_ledger):
    page = browse_ledger("整改办甲").get("/items", params={"campaign": "2", "aspect": "人事管理"})
    assert "共 <strong>10</strong> 项" in page.text and numbers_on(page.text) == 10
    assert "人事问题1" in page.text and "财务问题" not in page.text
    assert '<option value="人事管理" selected>' in page.text and '<option value="2" selected>' in page.text


def test_the_unit_filter_finds_the_items_a_unit_leads(browse_ledger):
    page = browse_ledger("整改办甲").get("/items", params={"unit": "人事处"})
    assert "共 <strong>10</strong> 项" in page.text and "财务问题" not in page.text


def test_overdue_and_red_light_filters_show_the_long_overdue_items(browse_ledger):
    client = browse_ledger("整改办甲")
    overdue = client.get("/items", params={"campaign": "2", "overdue": "1"})
    assert "共 <strong>30</strong> 项" in overdue.text and "已超期" in overdue.text and "2099年12月底" not in overdue.text
    red = client.get("/items", params={"campaign": "2", "light": "red"})
    assert "共 <strong>30</strong> 项" in red.text and "2099年12月底" not in red.text
    assert 'name="overdue" value="1" checked' in overdue.text


def test_the_state_filter_shows_only_that_state(browse_ledger):
    page = browse_ledger("整改办甲").get("/items", params={"state": "closed"})
    assert "共 <strong>0</strong> 项" in page.text and "没有符合条件的事项" in page.text


def test_the_boards_total_follows_a_change_at_once(browse_ledger, db_url):
    """The total is kept while nothing changes (models/store/kept_answers.py): an item started since counts at once."""
    from steps import act

    client = browse_ledger("整改办甲")
    assert "共 <strong>0</strong> 项" in client.get("/items", params={"state": "in_progress"}).text
    act(db_url, 1, "start", "办公室联络员")
    assert "共 <strong>1</strong> 项" in client.get("/items", params={"state": "in_progress"}).text


def test_an_unknown_state_is_refused_in_chinese(browse_ledger):
    refused = browse_ledger("整改办甲").get("/items", params={"state": "bogus"})
    assert refused.status_code == 422 and "筛选条件有误" in refused.text


def test_the_board_shows_fifty_a_page_with_the_total_and_links_keeping_the_filters(browse_ledger):
    client = browse_ledger("整改办甲")
    first = client.get("/items", params={"campaign": "2"})
    assert numbers_on(first.text) == 50 and "共 <strong>70</strong> 项，第 1 / 2 页" in first.text
    assert 'href="/items?campaign=2&amp;page=2"' in first.text and 'rel="next"' in first.text
    second = client.get("/items", params={"campaign": "2", "page": "2"})
    assert numbers_on(second.text) == 20 and "人事问题10" in second.text and "财务问题2<" not in second.text
    assert 'href="/items?campaign=2&amp;page=1" rel="prev"' in second.text


def test_a_units_people_see_only_their_units_items(browse_ledger):
    page = browse_ledger("人事联络员").get("/items")
    assert "共 <strong>10</strong> 项" in page.text and "财务问题" not in page.text and ">问题1<" not in page.text
    assert '<option value="财务处"' not in page.text


def test_a_units_people_asking_for_another_units_items_are_refused(browse_ledger):
    refused = browse_ledger("人事联络员").get("/items", params={"unit": "财务处"})
    assert refused.status_code == 403 and "只能查看本单位（人事处）的事项" in refused.text


def test_item_text_with_a_script_tag_is_shown_as_text(browse_ledger):
    page = browse_ledger("整改办甲").get("/items", params={"campaign": "2"})
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(" in page.text


def exported_rows(answer) -> list[dict]:
    """The exported ledger's rows, by the importer's headers."""
    sheet = load_workbook(BytesIO(answer.content))["整改台账"]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    return [dict(zip(headers, row)) for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True)]


def test_the_export_is_the_filtered_ledger_as_an_xlsx_with_a_chinese_name(browse_ledger):
    client = browse_ledger("整改办甲")
    board = client.get("/items", params={"campaign": "2", "aspect": "人事管理"})
    assert 'href="/items.xlsx?campaign=2&amp;aspect=%E4%BA%BA%E4%BA%8B%E7%AE%A1%E7%90%86"' in board.text
    answer = client.get("/items.xlsx", params={"campaign": "2", "aspect": "人事管理"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    named = re.search(r"filename\*=utf-8''(\S+)", answer.headers["content-disposition"], re.IGNORECASE)
    assert named and unquote(named.group(1)).startswith("整改台账_")
    rows = exported_rows(answer)
    assert len(rows) == 10 and {row["问题类别"] for row in rows} == {"人事管理"}
    assert [row["具体问题"] for row in rows][:2] == ["人事问题1", "人事问题2"]


def test_the_export_keeps_the_light_filter(browse_ledger):
    rows = exported_rows(browse_ledger("整改办甲").get("/items.xlsx", params={"campaign": "2", "light": "red"}))
    assert len(rows) == 30 and HOSTILE in [row["具体问题"] for row in rows]


def test_a_units_export_holds_only_its_own_items(browse_ledger):
    rows = exported_rows(browse_ledger("人事联络员").get("/items.xlsx", params={"campaign": AUDIT}))
    assert len(rows) == 10 and {row["牵头单位"] for row in rows} == {"人事处"}


def test_exporting_several_campaigns_at_once_asks_for_one(browse_ledger):
    client = browse_ledger("整改办甲")
    assert "请先选择一个整改任务" in client.get("/items").text
    refused = client.get("/items.xlsx")
    assert refused.status_code == 422 and "请先在筛选中选择一个整改任务" in refused.text


def test_a_page_of_fifty_reads_no_more_statements_than_a_page_of_three(browse_ledger, db_url):
    """No query per row: what keeps the board fast at 10,000 items (bench/, issue 16)."""
    from sqlalchemy import event

    from models.store.database import engine_for

    client = browse_ledger("整改办甲")
    statements = []

    def counted(path: str) -> int:
        statements.clear()
        assert client.get(path).status_code == 200
        return len(statements)

    def record(connection, cursor, statement, *rest):
        statements.append(statement)

    event.listen(engine_for(db_url), "before_cursor_execute", record)
    try:
        assert counted("/items?campaign=2") == counted("/items?campaign=1")
    finally:
        event.remove(engine_for(db_url), "before_cursor_execute", record)
