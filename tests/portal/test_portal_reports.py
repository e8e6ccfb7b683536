"""报表: the progress report, the statistics and the ledger as real Word / Excel / Markdown files under Chinese
names, as of a day; refusals said on the page; only the office and the leading group may download."""
import re
from datetime import datetime
from io import BytesIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from corpus import section_rows
from dashboard_world import add_ledgers

from models.reports.progress import build_progress_report
from models.store.database import transaction
from models.tables.ledger import Campaign, Item

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def campaign_id(portal_app, db_url, tmp_path):
    return add_ledgers(db_url, tmp_path, datetime.now(ZONE).date())[section_rows.TITLE]


def download(client, kind, campaign_id, **params):
    return client.get("/reports/download", params={"kind": kind, "campaign": campaign_id, **params})


def attachment_name(answer) -> str:
    found = re.search(r"filename\*=utf-8''(\S+)", answer.headers["content-disposition"], re.IGNORECASE)
    assert found, answer.headers["content-disposition"]
    return found.group(1)


def totals_sentence(db_url, campaign_id) -> str:
    with transaction(db_url) as session:
        return build_progress_report(session, session.get(Campaign, campaign_id), datetime.now(ZONE).date()
                                     ).totals_sentence


def test_the_progress_report_is_a_word_document_with_the_reports_totals(browse, campaign_id, db_url):
    answer = download(browse("整改办甲"), "progress-docx", campaign_id)
    assert answer.status_code == 200
    document = docx.Document(BytesIO(answer.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert totals_sentence(db_url, campaign_id) in text
    today = datetime.now(ZONE).date().isoformat()
    assert attachment_name(answer) == quote(f"{section_rows.TITLE}-整改进展情况报告-截至{today}.docx")


def test_the_progress_report_comes_as_markdown_too(browse, campaign_id, db_url):
    answer = download(browse("成员甲"), "progress-md", campaign_id)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/markdown")
    assert totals_sentence(db_url, campaign_id) in answer.content.decode("utf-8")
    assert attachment_name(answer).endswith(".md")


@pytest.mark.parametrize("kind", ["statistics", "ledger-xlsx"])
def test_the_statistics_and_the_ledger_are_excel_workbooks(browse, campaign_id, kind):
    answer = download(browse("整改办甲"), kind, campaign_id)
    assert answer.status_code == 200 and attachment_name(answer).endswith(".xlsx")
    workbook = openpyxl.load_workbook(BytesIO(answer.content))
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any("上级决策部署" in value for value in cells)


def test_the_ledger_table_is_a_word_document_listing_every_problem(browse, campaign_id):
    answer = download(browse("整改办甲"), "ledger-docx", campaign_id)
    document = docx.Document(BytesIO(answer.content))
    rows = sum(len(table.rows) for table in document.tables)
    assert rows > section_rows.EXPECTED["problems"]


def test_a_report_as_of_a_past_day_is_the_ledger_as_it_stood_then(browse, campaign_id):
    before_import = download(browse("整改办甲"), "progress-docx", campaign_id, as_of="2026-01-05")
    assert before_import.status_code == 422 and "还没有导入台账" in before_import.text
    assert "content-disposition" not in before_import.headers


def test_a_date_that_is_not_a_day_is_refused_on_the_page(browse, campaign_id):
    refused = download(browse("整改办甲"), "statistics", campaign_id, as_of="2026-13-45")
    assert refused.status_code == 422 and "截至日期「2026-13-45」无法识别" in refused.text
    assert 'id="report-error"' in refused.text and '<form method="get" action="/reports/download">' in refused.text


def test_a_date_typed_in_chinese_is_read(browse, campaign_id):
    today = datetime.now(ZONE).date()  # the ledger was imported today
    answer = download(browse("整改办甲"), "progress-md", campaign_id, as_of=f"{today.year}年{today.month}月{today.day}日")
    assert answer.status_code == 200 and quote(f"截至{today.isoformat()}") in attachment_name(answer)


def test_an_unknown_campaign_or_kind_is_refused_in_chinese(browse, campaign_id):
    client = browse("整改办甲")
    assert download(client, "progress-docx", 999).status_code == 404
    unknown = download(client, "pie", campaign_id)
    assert unknown.status_code == 422 and "没有这种报表" in unknown.text


def test_the_closing_sheet_is_refused_for_an_item_not_closed(browse, campaign_id, db_url):
    with transaction(db_url) as session:
        open_item = session.query(Item).filter(Item.campaign_id == campaign_id, Item.state == "in_progress").first().id
    refused = browse("整改办甲").get("/reports/closing-sheet", params={"item": str(open_item)})
    assert refused.status_code in (409, 422) and 'id="closing-error"' in refused.text
    unreadable = browse("整改办甲").get("/reports/closing-sheet", params={"item": "<script>x</script>"})
    assert unreadable.status_code == 422 and "&lt;script&gt;x&lt;/script&gt;" in unreadable.text
    assert "<script>x" not in unreadable.text


def test_a_units_people_may_not_download_reports(browse, campaign_id):
    client = browse("办公室联络员")
    assert client.get("/reports").status_code == 403
    assert download(client, "progress-docx", campaign_id).status_code == 403
    assert client.get("/reports/closing-sheet", params={"item": "1"}).status_code == 403
    assert 'href="/reports"' not in client.get("/").text


def test_the_report_page_offers_every_download_with_todays_date(browse, campaign_id):
    page = browse("整改办甲").get("/reports")
    assert page.status_code == 200
    assert f'value="{datetime.now(ZONE).date().isoformat()}"' in page.text
    for kind in ("progress-docx", "progress-md", "statistics", "ledger-xlsx", "ledger-docx"):
        assert f'name="kind" value="{kind}"' in page.text
    assert '<label for="as_of">截至日期</label>' in page.text



def test_the_closing_sheet_of_an_item_closed_before_its_import_is_refused_in_chinese(browse, campaign_id, db_url):
    with transaction(db_url) as session:
        closed = session.query(Item).filter(Item.campaign_id == campaign_id, Item.state == "closed").first().id
    refused = browse("整改办甲").get("/reports/closing-sheet", params={"item": f"#{closed}"})
    assert refused.status_code == 409 and "导入台账时即为已销号" in refused.text


def test_the_closing_sheet_of_an_item_closed_here_is_a_word_document_with_its_signatures(browse, portal_app,
                                                                                        db_url):
    from steps import EVIDENCE, act, decide

    act(db_url, 1, "start", "办公室联络员")
    decide(db_url, act(db_url, 1, "submit", "办公室联络员", evidence=[EVIDENCE]).request_id, "整改办乙")
    decide(db_url, act(db_url, 1, "close", "整改办甲").request_id, "组长")
    answer = browse("成员甲").get("/reports/closing-sheet", params={"item": "1"})
    assert answer.status_code == 200 and attachment_name(answer) == quote("对账销号单-事项1.docx")
    document = docx.Document(BytesIO(answer.content))
    assert document.paragraphs[0].text == "整改事项对账销号单"
    cells = {c.text for table in document.tables for row in table.rows for c in row.cells}
    assert {"整改办乙", "组长"} <= cells
