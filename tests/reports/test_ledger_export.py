"""The exported ledger reads back, into an empty database, as the same ledger."""
from datetime import date

from holidays import import_2027
from openpyxl import load_workbook
from sqlalchemy import select
from steps import EVIDENCE, act, decide

from models.directory.apply import apply_directory
from models.directory.org_file import read_org
from models.domain.commands import ProgressCommand, StageTargetIn
from models.engine.operations import perform_progress
from models.ledger_files import read_ledger
from models.ledger_files.export import export_ledger
from models.ledger_files.load import load_ledger
from models.queries.items import item_detail
from models.store.database import engine_for, reading
from models.store.unit_of_work import unit_of_work
from models.tables.ledger import Campaign, Item
from models.tables.schema import Base

SAMPLES = __import__("pathlib").Path(__file__).parents[2] / "rectiflow" / "samples"


def snapshot(db_url) -> list[tuple]:
    with reading(db_url) as session:
        campaign = session.scalars(select(Campaign)).one()
        items = session.scalars(select(Item).order_by(Item.position)).all()
        head = (campaign.title, campaign.source_type, [a.title for a in campaign.aspects])
        return [head] + [(i.number, i.aspect.title, i.text, [m.text for m in i.measures],
                          i.leader.name if i.leader else None, i.lead_unit.name,
                          [u.name for u in i.cooperating_units], i.deadline, i.deadline_kind, i.state) for i in items]


def load_sample(db_url):
    with unit_of_work(db_url) as uow:
        apply_directory(uow, read_org(SAMPLES / "seed003_org.yaml"), "测试")
    with unit_of_work(db_url) as uow:
        load_ledger(uow, read_ledger(SAMPLES / "seed003_ledger.xlsx"))


def test_export_then_import_into_an_empty_database_gives_the_same_ledger(sqlite_url, tmp_path):
    load_sample(sqlite_url)
    perform_progress(sqlite_url, ProgressCommand(item_id=3, actor="冯雪", text="已配合修订走访制度", percent=50))
    perform_progress(sqlite_url, ProgressCommand(item_id=3, actor="邓佳", text="已走访12个服务站"))
    decide(sqlite_url, act(sqlite_url, 3, "extend", "邓佳", reason="需跨年度走访",
                           new_deadline=date(2027, 6, 30)).request_id, "王建国")
    act(sqlite_url, 1, "start", "吴晓燕")
    decide(sqlite_url, act(sqlite_url, 1, "submit", "吴晓燕", evidence=[EVIDENCE]).request_id, "黄建平")
    decide(sqlite_url, act(sqlite_url, 1, "close", "黄建平").request_id, "王建国")
    act(sqlite_url, 5, "start", "吴晓燕")
    decide(sqlite_url, act(sqlite_url, 5, "submit", "吴晓燕", evidence=[EVIDENCE]).request_id, "黄建平")
    decide(sqlite_url, act(sqlite_url, 2, "mark_long_term", "唐敏", reason="跨年度", stage_targets=[
        StageTargetIn(text="完成方案", due=date(2027, 3, 31))]).request_id, "王建国")
    path = tmp_path / "台账.xlsx"
    with reading(sqlite_url) as session:
        export_ledger(session, session.scalars(select(Campaign)).one(), path, date(2026, 11, 23))
    sheet = load_workbook(path).active
    column = [c.value for c in sheet[3]].index("整改进展") + 1
    progress = {sheet.cell(r, 1).value: sheet.cell(r, column).value for r in range(4, sheet.max_row + 1)}
    assert progress["3"] == "已走访12个服务站"  # the lead unit's latest progress
    other = f"sqlite:///{tmp_path / 'other.db'}"
    Base.metadata.create_all(engine_for(other))
    with unit_of_work(other) as uow:
        apply_directory(uow, read_org(SAMPLES / "seed003_org.yaml"), "测试")
    with unit_of_work(other) as uow:
        load_ledger(uow, read_ledger(path))
    assert snapshot(other) == snapshot(sqlite_url)
    with reading(other) as session:
        states = {i.id: i.state for i in session.scalars(select(Item))}
    assert (states[1], states[2], states[3], states[5]) == ("closed", "long_term", "in_progress", "verified")
    for item_id in range(1, 39):  # the whole page of every item, but what only the system's own history holds
        assert shown(other, item_id) == shown(sqlite_url, item_id)


def shown(db_url, item_id) -> dict:
    """`items show --json`, without the item's version and its sign-off requests: those are the system's record of
    how the ledger got here, which an exported ledger does not carry."""
    detail = item_detail(db_url, item_id, date(2026, 11, 23)).model_dump(mode="json")
    detail["item"].pop("version")
    detail.pop("requests")
    return detail


def test_exported_ledger_has_states_in_chinese_frozen_header_filters_and_lights(sqlite_url, tmp_path):
    load_sample(sqlite_url)
    import_2027(sqlite_url)  # exported on a day of 2027
    path = tmp_path / "台账.xlsx"
    with reading(sqlite_url) as session:
        export_ledger(session, session.scalars(select(Campaign)).one(), path, date(2027, 1, 5))
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[3]][:4] == ["序号", "问题类别", "反馈问题", "具体问题"]
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3")
    state = [c.value for c in sheet[3]].index("完成情况") + 1
    assert {sheet.cell(r, state).value for r in range(4, sheet.max_row + 1)} == {"未启动"}
    overdue_fill = sheet.cell(4, 1).fill.fgColor.rgb  # item 1 is due 2026-12-31: overdue on 2027-01-05
    assert overdue_fill.endswith("F8CBAD")
    assert all(sheet.cell(4, c).fill.fgColor.rgb.endswith("F8CBAD") for c in range(1, 12))  # the whole row
    assert sheet.cell(4, 3).alignment.wrap_text and sheet.cell(4, 3).border.left.style == "thin"
