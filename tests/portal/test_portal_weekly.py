"""每周进展报送 online: a unit asked in an open round answers in the browser, through the same recording as the .xlsx
form, and either way counts as its answer in the round's who-answered."""
import shutil
from datetime import timedelta

import pytest
from accounts import give_accounts, settings_for
from portal_forms import browsers, csrf_of
from round_world import UNITS, build_round_world, fill_form
from sqlalchemy import func, select

from models.collection.ingest import ingest_form
from models.collection.steps import ask, plan_round
from models.domain.clock import utcnow
from models.domain.weeks import current_week
from models.queries.round_answers import round_status
from models.store.database import reading, transaction
from models.tables.ledger import Item
from models.tables.progress import ProgressEntry

CAMPAIGN = "周报测试整改台账"
NAMES = [f"{unit}{role}" for unit in UNITS for role in ("联络员", "负责人")] + ["整改办甲", "组长"]


@pytest.fixture
def weekly(tmp_path, db_url, smtp_receiver, web_app):
    """Next week's round opened now (its due time ahead), every unit asked: (client factory, week, forms dir)."""
    build_round_world(db_url, smtp_receiver)
    with transaction(db_url) as session:
        session.get(Item, 5).text = "<script>alert(1)</script>问题5"
    give_accounts(db_url, NAMES)
    week = current_week(utcnow() + timedelta(days=7), "Asia/Shanghai")
    plan = plan_round(db_url, CAMPAIGN, week, utcnow())
    data = tmp_path / "data"
    for unit_id, _ in plan.units:
        ask(db_url, plan.round_id, unit_id, data, utcnow())
    with browsers(web_app(settings_for(tmp_path, db_url), db_url)) as browse:
        yield browse, week, data


def statuses(db_url, week) -> dict[str, tuple[str, object]]:
    [found] = round_status(db_url, CAMPAIGN, week, utcnow())
    return {u.unit: (u.status, u.answered_at) for u in found.units}


def progress_count(db_url) -> int:
    with reading(db_url) as session:
        return session.scalar(select(func.count()).select_from(ProgressEntry))


def post_round(client, week, data, files=None):
    page = client.get(f"/rounds/{week}")
    round_id = page.text.split('name="round_id" value="')[1].split('"')[0]
    return client.post(f"/rounds/{week}", data={"csrf": csrf_of(page.text), "round_id": round_id, **data},
                       files=files, follow_redirects=False)


def answer_by_form(db_url, data, tmp_path, unit, answers):
    [form] = [p for p in data.rglob("*报送表.xlsx") if p.name.split("-")[2] == unit]
    target = tmp_path / "answers" / form.name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(form, target)
    fill_form(target, answers)
    return ingest_form(db_url, target, data, utcnow())


def test_the_online_form_lists_the_units_round_items_as_its_xlsx_form_does(weekly):
    browse, week, _ = weekly
    page = browse("办公室联络员").get(f"/rounds/{week}")
    assert page.status_code == 200
    assert 'name="progress-1"' in page.text and 'name="progress-5"' in page.text
    assert 'name="progress-2"' not in page.text  # 财务处's own item
    assert "未报送" in page.text


def test_item_text_with_markup_is_shown_as_text(weekly):
    browse, week, _ = weekly
    page = browse("办公室联络员").get(f"/rounds/{week}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;问题5" in page


def test_a_unit_answering_online_counts_as_its_answer(weekly, db_url):
    browse, week, _ = weekly
    client = browse("办公室联络员")
    answer = post_round(client, week, {"progress-1": "已修订制度", "percent-1": "60"},
                        files=[("files-1", ("制度.pdf", b"%PDF rules", "application/pdf"))])
    assert answer.status_code == 303
    assert statuses(db_url, week)["办公室"][0] == "on_time"
    page = client.get(f"/rounds/{week}").text
    assert "已报送 1 项进展" in page and "按时报送" in page


def test_an_answer_online_and_one_by_xlsx_form_count_the_same(weekly, db_url, tmp_path):
    browse, week, data = weekly
    assert post_round(browse("办公室联络员"), week, {"progress-1": "网上报送的进展"}).status_code == 303
    answer_by_form(db_url, data, tmp_path, "财务处", {2: {"progress": "报送表报送的进展"}})
    answered = statuses(db_url, week)
    assert answered["办公室"][0] == answered["财务处"][0] == "on_time"
    assert answered["人事处"][0] == "missing"
    with reading(db_url) as session:
        weeks = set(session.scalars(select(ProgressEntry.week)))
    assert weeks == {week}


def test_answering_again_online_after_the_form_adds_progress_and_keeps_the_first_answer_time(weekly, db_url, tmp_path):
    browse, week, data = weekly
    answer_by_form(db_url, data, tmp_path, "办公室", {1: {"progress": "第一次"}})
    first = statuses(db_url, week)["办公室"]
    assert post_round(browse("办公室负责人"), week, {"progress-5": "第二次"}).status_code == 303
    assert statuses(db_url, week)["办公室"] == first
    assert progress_count(db_url) == 2


def test_asking_for_verification_without_evidence_is_refused_and_nothing_is_written(weekly, db_url):
    browse, week, _ = weekly
    client = browse("办公室联络员")
    answer = post_round(client, week, {"progress-1": "进展", "progress-5": "已整改", "ready-5": "yes"})
    assert answer.status_code == 422 and "事项 #5" in answer.text and "佐证材料" in answer.text
    assert "进展" in answer.text  # what was typed is kept
    assert progress_count(db_url) == 0


def test_an_empty_answer_is_refused(weekly, db_url):
    browse, week, _ = weekly
    answer = post_round(browse("办公室联络员"), week, {})
    assert answer.status_code == 422 and "至少填写一项" in answer.text


def test_someone_whose_unit_was_not_asked_gets_no_form(weekly):
    browse, week, _ = weekly
    assert browse("整改办甲").get(f"/rounds/{week}").status_code == 404


def test_the_round_page_needs_signing_in(weekly):
    browse, week, _ = weekly
    answer = browse(None).get(f"/rounds/{week}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/login?next=/rounds/{week}"


def test_the_round_form_refuses_a_post_without_the_csrf_token(weekly, db_url):
    browse, week, _ = weekly
    refused = browse("办公室联络员").post(f"/rounds/{week}", data={"csrf": "forged", "progress-1": "x"})
    assert refused.status_code == 403 and progress_count(db_url) == 0
