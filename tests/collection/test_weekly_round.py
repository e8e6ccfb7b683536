"""A whole weekly round against a real SMTP receiver: open → forms → answers by form, drop folder and CLI,
one unit silent → close → reminders, summary, answers in the ledger; running it again sends nothing new."""
import io
import os

import pytest
from openpyxl import load_workbook
from receivers import LOOPBACK_ALLOWED
from round_world import AFTER_DUE, BEFORE_DUE, LATE_ANSWER, OPEN_AT, UNITS, WEEK, build_round_world, fill_form
from sqlalchemy import func, select

from models.collection.ingest import ingest_form
from models.domain.checkpoint_note import find_checkpoints
from models.domain.commands import ProgressCommand
from models.engine.items import report_progress
from models.queries.audit_verify import verify_audit
from models.settings import Settings
from models.store.database import reading
from models.store.signing_key import ensure_key
from models.store.unit_of_work import unit_of_work
from models.tables.approvals import PENDING, ApprovalRequest
from models.tables.outbox import OutboxMessage
from models.tables.progress import ProgressEntry
from notifications.dispatcher import DispatchConfig, dispatch_due

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("loopback_only")]
CAMPAIGN = "周报测试整改台账"


@pytest.fixture
def home(tmp_path, monkeypatch, sqlite_url):
    monkeypatch.setenv("RECTIFLOW_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("RECTIFLOW_DATABASE_URL", sqlite_url)
    return tmp_path / "home"


def dispatch(db_url, tmp_path, now):
    return dispatch_due(DispatchConfig(db_url=db_url, fallback_url=None, sink_path=str(tmp_path / "sink.log"),
                                       timeout_seconds=5, allowed_hosts=LOOPBACK_ALLOWED), now=now)


def mails(smtp, title_part):
    return [m for m in smtp.messages if title_part in m.subject]


def recipients(smtp, title_part):
    return sorted(r for m in mails(smtp, title_part) for r in m.recipients)


def address_of(name):
    return f"{abs(hash(name))}@example.org"


def form_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [(sheet.cell(r, 1).value, sheet.cell(r, 4).value) for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value]


def test_full_weekly_round(sqlite_url, smtp_receiver, home, tmp_path, monkeypatch):
    from flows.collection import close_round_flow, open_round_flow

    monkeypatch.setattr("flows.collection.UNITS_PER_TASK", 3)  # 4 units: a full group and a partial one
    from flows.runtime import embedded_tuning

    build_round_world(sqlite_url, smtp_receiver)
    key, _ = ensure_key(Settings().audit_key_path)  # as `rectiflow init` makes it
    with embedded_tuning():
        opened = open_round_flow(CAMPAIGN, WEEK, OPEN_AT)
    assert sorted(opened.asked) == sorted(UNITS)
    dispatch(sqlite_url, tmp_path, OPEN_AT)

    requests = mails(smtp_receiver, "【每周报送】")
    assert sorted(r for m in requests for r in m.recipients) == sorted(
        address_of(f"{u}{role}") for u in UNITS for role in ("联络员", "负责人"))
    forms = {m.recipients[0]: next(iter(m.attachments.items())) for m in requests}
    office_form_name, office_form = forms[address_of("办公室联络员")]
    assert office_form_name.endswith(".xlsx")
    assert form_rows(office_form) == [("#1", "牵头"), ("#5", "牵头")]
    assert [(i, role[:2]) for i, role in form_rows(forms[address_of("财务处联络员")][1])] == [("#1", "配合"), ("#2", "牵头")]

    # 办公室 answers by form (item 1 ready for verification, with its evidence beside the form)
    answer_dir = tmp_path / "answers"
    answer_dir.mkdir()
    (answer_dir / "整改报告.pdf").write_bytes(b"report")
    (answer_dir / office_form_name).write_bytes(office_form)
    fill_form(answer_dir / office_form_name, {1: {"progress": "制度已印发", "percent": 100, "evidence": "整改报告.pdf",
                                                 "ready": "是"}, 5: {"progress": "正在起草"}})
    ingest_form(sqlite_url, answer_dir / office_form_name, home / "data", BEFORE_DUE)
    # 财务处 drops its form into the watched folder before the due time
    finance_name, finance_form = forms[address_of("财务处联络员")]
    (home / "inbox").mkdir(parents=True)
    dropped = home / "inbox" / finance_name
    dropped.write_bytes(finance_form)
    fill_form(dropped, {1: {"progress": "配合完成资金核对"}, 2: {"progress": "已完成自查", "percent": 60}})
    os.utime(dropped, (BEFORE_DUE.timestamp(), BEFORE_DUE.timestamp()))
    # 人事处 answers by CLI after the due time; 信息中心 not at all
    with unit_of_work(sqlite_url) as session:  # what `rectiflow progress add` runs, at a time after the due time
        report_progress(session, ProgressCommand(item_id=3, actor="人事处联络员", text="正在整改"), LATE_ANSWER)
    with embedded_tuning():
        closed = close_round_flow(CAMPAIGN, WEEK, AFTER_DUE)
    assert closed.inbox["accepted"] == [finance_name]
    assert closed.chased == ["信息中心"]
    assert closed.answered == {"办公室": "on_time", "财务处": "on_time", "人事处": "late", "信息中心": "missing"}
    dispatch(sqlite_url, tmp_path, AFTER_DUE)

    assert recipients(smtp_receiver, "【催报】") == sorted(
        address_of(n) for n in ("信息中心联络员", "信息中心负责人", "副局长乙"))
    summaries = mails(smtp_receiver, "【整改进展周汇总】")
    assert recipients(smtp_receiver, "【整改进展周汇总】") == sorted(
        address_of(n) for n in ("组长", "副局长甲", "副局长乙", "整改办甲", "整改办乙"))
    body = summaries[0].html or summaries[0].text
    for unit, label in (("办公室", "按时报送"), ("财务处", "按时报送"), ("人事处", "逾期报送"), ("信息中心", "未报送")):
        assert f"{unit}：{label}" in body
    attached = summaries[0].attachments
    summary_book = load_workbook(io.BytesIO(next(v for k, v in attached.items() if k.endswith(".xlsx"))))
    charts = [data for name, data in attached.items() if name.endswith(".png")]
    assert len(charts) == 2 and all(data.startswith(b"\x89PNG") for data in charts)
    assert {"汇总", "最新进展", "报送情况"} <= set(summary_book.sheetnames)
    assert "| 方面 |" in summaries[0].text and "| 方面一 |" in summaries[0].text  # the plain part keeps the table
    [published] = find_checkpoints(summaries[0].text)  # the chain's head, signed, in every weekly summary
    assert published.checkpoint.origin == key.name
    assert verify_audit(sqlite_url, [("周汇总", published)], key.verifier).ok

    with reading(sqlite_url) as session:
        texts = {(p.item_id, p.unit.name): p.text for p in session.scalars(select(ProgressEntry))}
        assert texts[(1, "办公室")] == "制度已印发" and texts[(1, "财务处")] == "配合完成资金核对"
        assert texts[(2, "财务处")] == "已完成自查" and texts[(3, "人事处")] == "正在整改"
        assert session.scalar(select(ApprovalRequest.action).where(ApprovalRequest.item_id == 1,
                                                                   ApprovalRequest.status == PENDING)) == "verify"
        messages = session.scalar(select(func.count()).select_from(OutboxMessage))

    # running the round again sends and writes nothing new
    received = len(smtp_receiver.messages)
    with embedded_tuning():
        assert open_round_flow(CAMPAIGN, WEEK, OPEN_AT).asked == []
        again = close_round_flow(CAMPAIGN, WEEK, AFTER_DUE)
    assert again.chased == []
    with reading(sqlite_url) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == messages
    assert dispatch(sqlite_url, tmp_path, AFTER_DUE).sent == 0
    assert len(smtp_receiver.messages) == received


def test_each_group_of_units_is_one_task_run_named_after_its_first_and_last_unit(monkeypatch):
    from flows.collection import group_run_name, unit_groups

    monkeypatch.setattr("flows.collection.UNITS_PER_TASK", 3)
    units = [(1, "办公室"), (2, "财务处"), (3, "人事处"), (4, "服务中心")]
    groups = unit_groups(units)
    assert groups == [units[:3], units[3:]]
    assert [group_run_name("ask", g) for g in groups] == ["ask-办公室…人事处", "ask-服务中心"]
