"""总览: the office's and the leading group's view — the progress report's own numbers, the lights, the overdue
items, this week's round, the unit ranking, the charts; a unit's people neither see it nor may open it."""
import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from corpus import section_rows
from dashboard_world import MARKUP, OVERDUE_TITLE, add_ledgers, before_now

from models.collection.rounds import open_round
from models.domain.clock import utcnow
from models.domain.commands import ProgressCommand
from models.domain.weeks import current_week, round_window
from models.engine.operations import perform_progress
from models.queries.summary import summary
from models.reports.progress import build_progress_report
from models.reports.statistics import build_statistics
from models.store.database import transaction
from models.store.unit_of_work import unit_of_work
from models.tables.ledger import Campaign

ZONE = "Asia/Shanghai"


@pytest.fixture
def portal_app(web_app, portal_settings, db_url, new_world):
    new_world(cooperating=("财务处",), accounts=True)
    return web_app(portal_settings, db_url)


@pytest.fixture
def campaigns(portal_app, db_url, tmp_path):
    return add_ledgers(db_url, tmp_path, datetime.now(ZoneInfo(ZONE)).date())


def today():
    return datetime.now(ZoneInfo(ZONE)).date()


def the_report(db_url, campaign_id):
    with transaction(db_url) as session:
        campaign = session.get(Campaign, campaign_id)
        return build_progress_report(session, campaign, today()), build_statistics(session, campaign, today())


def shown(page: str, attribute: str) -> dict[str, int]:
    return {key: int(n) for key, n in re.findall(rf'{attribute}="([^"]+)">(\d+)<', page)}


def test_the_dashboard_counts_every_state_as_the_progress_report_does(browse, campaigns, db_url):
    campaign_id = campaigns[section_rows.TITLE]
    page = browse("整改办甲").get(f"/dashboard?campaign={campaign_id}")
    assert page.status_code == 200
    report, numbers = the_report(db_url, campaign_id)
    counts = shown(page.text, "data-count")
    assert counts == {"total": section_rows.EXPECTED["problems"], **report.counts}
    assert report.total == section_rows.EXPECTED["problems"]
    assert unescape(re.search(r'<p id="totals">(.*?)</p>', page.text).group(1)) == report.totals_sentence
    aspect_rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', page.text.split('id="aspects"')[1].split("</tbody>")[0])
    assert aspect_rows == [a.aspect for a in numbers.aspects]


def test_the_dashboards_totals_sentence_is_the_downloaded_reports(browse, campaigns):
    client = browse("组长")
    campaign_id = campaigns[section_rows.TITLE]
    sentence = unescape(re.search(r'<p id="totals">(.*?)</p>', client.get(f"/dashboard?campaign={campaign_id}").text)
                        .group(1))
    report = client.get("/reports/download", params={"campaign": campaign_id, "kind": "progress-md"})
    assert report.status_code == 200 and sentence in report.content.decode("utf-8")


def test_the_lights_are_the_ledgers_own(browse, campaigns, db_url):
    campaign_id = campaigns[OVERDUE_TITLE]
    page = browse("整改办甲").get(f"/dashboard?campaign={campaign_id}")
    rows = summary(db_url, f"#{campaign_id}", today())
    expected = {colour: sum(r.lights.get(colour, 0) for r in rows) for colour in ("red", "yellow", "green")}
    assert shown(page.text, "data-light") == expected
    assert expected["red"] >= 1  # the overdue item


def test_overdue_items_are_listed_with_a_link_to_each(browse, campaigns):
    page = browse("整改办甲").get(f"/dashboard?campaign={campaigns[OVERDUE_TITLE]}")
    listing = page.text.split('id="overdue"')[1].split("</table>")[0]
    links = re.findall(r'<a href="/items/(\d+)">', listing)
    assert len(links) == 1 and "会议室超标" not in listing
    assert "超期问题（1 项）" in page.text


def test_item_text_with_markup_is_shown_as_text(browse, campaigns):
    page = browse("整改办甲").get(f"/dashboard?campaign={campaigns[OVERDUE_TITLE]}")
    assert "<script>alert(1)" not in page.text
    assert MARKUP.replace("<", "&lt;").replace(">", "&gt;") in page.text


def test_this_weeks_round_shows_who_answered_and_who_is_silent(browse, portal_app, db_url):
    week = current_week(utcnow(), ZONE)
    with transaction(db_url) as session:
        campaign = session.query(Campaign).one()
        campaign_id, cron = campaign.id, (campaign.collect_open_cron, campaign.collect_due_cron)
    opens, _ = round_window(week, *cron, ZONE)
    asked = before_now(opens)
    with unit_of_work(db_url) as uow:
        open_round(uow, campaign_id, week, asked)
    perform_progress(db_url, ProgressCommand(item_id=1, actor="办公室联络员", text="已制定制度"),
                     now=asked + timedelta(minutes=1))
    page = browse("成员甲").get(f"/dashboard?campaign={campaign_id}")
    table = page.text.split('id="round"')[1].split("</table>")[0]
    answers = dict(re.findall(r'<th scope="row">([^<]+)</th><td data-label="事项数">\d+</td>\s*'
                              r'<td data-label="报送情况">([^<]+)</td>', table))
    assert answers == {"办公室": "按时报送", "财务处": "未报送"}
    assert shown(page.text, "data-answer") == {"on_time": 1, "late": 0, "missing": 1}
    assert f"（{week}）" in page.text


def test_a_week_without_a_round_says_so(browse, portal_app):
    assert "本周尚未发起进展报送" in browse("整改办甲").get("/dashboard").text


def test_the_unit_ranking_is_the_statistics_ranking(browse, campaigns, db_url):
    campaign_id = campaigns[section_rows.TITLE]
    page = browse("整改办甲").get(f"/dashboard?campaign={campaign_id}")
    _, numbers = the_report(db_url, campaign_id)
    table = page.text.split('id="ranking"')[1].split("</table>")[0]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == [r.unit for r in numbers.ranking]
    assert f"{numbers.month} 单位排名" in page.text


def test_the_charts_are_the_statistics_pngs(browse, campaigns):
    client = browse("整改办甲")
    campaign_id = campaigns[section_rows.TITLE]
    page = client.get(f"/dashboard?campaign={campaign_id}").text
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert sources and all(f"campaign={campaign_id}" in s for s in sources)
    for source in sources:
        image = client.get(unescape(source))
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert client.get(f"/dashboard/charts/pie.png?campaign={campaign_id}").status_code == 404


def test_several_campaigns_are_chosen_with_a_select_and_the_newest_is_shown_first(browse, campaigns):
    page = browse("整改办甲").get("/dashboard").text
    assert '<select id="campaign" name="campaign">' in page and '<label for="campaign">整改任务</label>' in page
    assert f"<h1>总览：{OVERDUE_TITLE}</h1>" in page
    missing = browse("整改办甲").get("/dashboard?campaign=999")
    assert missing.status_code == 404 and "没有整改任务 #999" in missing.text


@pytest.mark.parametrize("name", ["办公室联络员", "财务处长"])
def test_a_units_people_are_refused_the_dashboard_and_its_charts(browse, campaigns, name):
    client = browse(name)
    refused = client.get("/dashboard")
    assert refused.status_code == 403 and "仅供整改办和领导小组" in refused.text
    assert 'href="/dashboard"' not in client.get("/").text
    assert client.get(f"/dashboard/charts/completion.png?campaign={campaigns[OVERDUE_TITLE]}").status_code == 403


def test_the_leading_group_and_the_office_find_the_dashboard_in_the_navigation(browse, portal_app):
    for name in ("组长", "成员丙", "整改办乙"):
        client = browse(name)
        assert 'href="/dashboard"' in client.get("/").text and client.get("/dashboard").status_code == 200


def test_the_dashboard_needs_signing_in(browse, portal_app):
    answer = browse(None).get("/dashboard", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_a_change_to_the_ledger_shows_on_the_next_view_of_the_dashboard(browse, db_url):
    from models.domain.commands import ActionCommand
    from models.engine.operations import perform_action

    office = browse("整改办甲")
    before = shown(office.get("/dashboard?campaign=1").text, "data-count")
    assert before["正在整改"] == 0
    perform_action(db_url, ActionCommand(item_id=1, action="start", actor="办公室联络员"))
    after = shown(office.get("/dashboard?campaign=1").text, "data-count")
    assert after["正在整改"] == 1 and after["total"] == before["total"]
