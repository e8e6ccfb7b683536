"""Taking in filled forms: a bad form is refused with the row and the reason, and nothing from it is written."""
import shutil

import pytest
from round_world import AFTER_DUE, BEFORE_DUE, WEEK, asked_round, build_round_world, fill_form
from sqlalchemy import func, select

from models.collection.form_spec import FormInvalid
from models.collection.ingest import ingest_form, ingest_inbox
from models.collection.steps import check, plan_round, summarise
from models.store.database import reading
from models.tables.progress import ProgressEntry

CAMPAIGN = "周报测试整改台账"


@pytest.fixture
def asked(db_url, smtp_receiver, tmp_path):
    return asked_round(db_url, smtp_receiver, tmp_path / "data")


def progress_count(db_url) -> int:
    with reading(db_url) as session:
        return session.scalar(select(func.count()).select_from(ProgressEntry))


def answer(forms, unit, tmp_path, answers, name=None):
    target = tmp_path / "answers" / (name or forms[unit].name)
    target.parent.mkdir(exist_ok=True)
    shutil.copy(forms[unit], target)
    return fill_form(target, answers)


def test_whole_form_is_refused_when_one_row_is_refused(db_url, asked, tmp_path):
    _, forms = asked
    path = answer(forms, "办公室", tmp_path, {1: {"progress": "已完成"}, 5: {"ready": "是", "evidence": "缺失.pdf"}})
    before = progress_count(db_url)
    with pytest.raises(FormInvalid) as refused:
        ingest_form(db_url, path, tmp_path / "data", BEFORE_DUE)
    assert "第5行「佐证材料文件名（多个用、分隔）」：找不到文件「缺失.pdf」" in str(refused.value)
    assert progress_count(db_url) == before


def test_form_filled_by_someone_of_another_unit_is_refused(db_url, asked, tmp_path):
    _, forms = asked
    path = answer(forms, "办公室", tmp_path, {1: {"progress": "已完成"}})
    with pytest.raises(FormInvalid, match="不属于办公室"):
        ingest_form(db_url, path, tmp_path / "data", BEFORE_DUE, actor="财务处联络员")
    assert progress_count(db_url) == 0


def test_edited_locked_cell_is_refused(db_url, asked, tmp_path):
    from openpyxl import load_workbook

    _, forms = asked
    path = answer(forms, "人事处", tmp_path, {3: {"progress": "进展"}})
    book = load_workbook(path)
    book.worksheets[0].cell(4, 5).value = "2027年12月底"  # the deadline, pre-filled and locked
    book.save(path)
    with pytest.raises(FormInvalid, match="第4行「整改时限」"):
        ingest_form(db_url, path, tmp_path / "data", BEFORE_DUE)
    assert progress_count(db_url) == 0


def test_form_of_a_closed_round_is_refused(db_url, asked, tmp_path):
    plan, forms = asked
    for unit_id, _ in plan.units:
        check(db_url, plan.round_id, unit_id, AFTER_DUE)
    summarise(db_url, plan.round_id, tmp_path / "data", AFTER_DUE)
    path = answer(forms, "办公室", tmp_path, {1: {"progress": "已完成"}})
    with pytest.raises(FormInvalid, match="已截止汇总"):
        ingest_form(db_url, path, tmp_path / "data", AFTER_DUE)


def test_inbox_moves_refused_forms_aside_with_the_reason(db_url, asked, tmp_path):
    _, forms = asked
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = answer(forms, "财务处", tmp_path, {2: {"progress": "完成自查"}})
    bad = answer(forms, "人事处", tmp_path, {3: {"percent": 150}})
    shutil.move(good, inbox / good.name)
    shutil.move(bad, inbox / bad.name)
    result = ingest_inbox(db_url, inbox, tmp_path / "data", BEFORE_DUE)
    assert result.accepted == [good.name] and list(result.refused) == [bad.name]
    assert (inbox / "已处理" / good.name).exists() and (inbox / "未通过" / bad.name).exists()
    assert "完成百分比" in (inbox / "未通过" / f"{bad.name}.原因.txt").read_text(encoding="utf-8")
    assert progress_count(db_url) == 1


def test_reporting_on_an_item_not_yet_started_starts_it(db_url, asked, tmp_path):
    from steps import item_state

    from models.domain.vocabulary import State

    _, forms = asked
    ingest_form(db_url, answer(forms, "人事处", tmp_path, {3: {"progress": "已启动"}}), tmp_path / "data",
                BEFORE_DUE)
    assert item_state(db_url, 3) is State.in_progress


def test_opening_a_round_after_its_due_time_is_refused(sqlite_url, smtp_receiver):
    from models.domain.refusals import InvalidInput

    build_round_world(sqlite_url, smtp_receiver)
    with pytest.raises(InvalidInput, match="已过"):
        plan_round(sqlite_url, CAMPAIGN, WEEK, AFTER_DUE)
