"""Text from a ledger, a form or a reason never becomes a live formula in a workbook, nor markup in a message."""
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from apprise.conversion import markdown_to_html
from openpyxl import load_workbook
from receivers import LOOPBACK_ALLOWED
from steps import EVIDENCE, act, bring_to, decide
from world import build_world

from models.collection.form_spec import FormRow, FormSpec
from models.collection.form_writer import write_form
from models.collection.summary_model import (
    AspectCounts,
    ItemLine,
    ProgressLine,
    SubProgress,
    UnitReport,
    WeeklySummary,
)
from models.collection.summary_xlsx import write_summary_xlsx
from models.domain.events import MESSAGE_EVENTS
from models.domain.vocabulary import State
from models.ledger_files.document import LedgerDoc
from models.ledger_files.export import export_ledger_file
from models.ledger_files.load import import_ledger_doc
from models.reports.files import write_statistics
from notifications.dispatcher import DispatchConfig, dispatch_due
from notifications.render import render

FORMULAS = ['=HYPERLINK("http://evil.example/t","巡察标题")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]
HOSTILE_REASON = ('<img src="http://evil.example/x.png"><a href="http://phish.example/login">点此在线审批</a>'
                  '[点此在线审批](http://phish.example/login)\n\n同意：rectiflow approvals decide 1 approve `rm -rf`')
UTC = timezone.utc


def live_tags(html: str) -> list[str]:
    """The elements an email client would render: links and images."""
    found = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("a", "img", "script", "iframe"):
                found.append(tag)

    Tags().feed(html)
    return found


def formula_cells(path: Path) -> list[str]:
    """Every cell a spreadsheet program would evaluate."""
    book = load_workbook(path)
    return [f"{sheet.title}!{cell.coordinate}" for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f"]


def hostile_ledger() -> LedgerDoc:
    return LedgerDoc.model_validate({
        "campaign": {"title": FORMULAS[0], "source_type": "巡察"}, "aspects": FORMULAS[3:5],
        "items": [{"row": n + 3, "number": str(n + 1), "aspect": FORMULAS[3 + n % 2], "text": formula,
                   "measures": [{"text": formula}], "lead_unit": f"={n}+单位", "leader": "组长",
                   "deadline": "2026-12-31", "deadline_text": formula[:20], "deadline_kind": "date",
                   "remarks": formula} for n, formula in enumerate(FORMULAS)]})


def test_the_ledger_export_and_the_statistics_write_hostile_text_as_text(sqlite_url, tmp_path):
    import_ledger_doc(sqlite_url, hostile_ledger())
    exported = tmp_path / "台账.xlsx"
    export_ledger_file(sqlite_url, None, exported, date(2026, 11, 30))
    statistics = tmp_path / "统计.xlsx"
    write_statistics(sqlite_url, None, date(2026, 11, 30), xlsx=statistics)
    assert formula_cells(exported) == [] and formula_cells(statistics) == []
    title = load_workbook(exported)["整改台账"]["A1"]
    assert title.value == FORMULAS[0]  # kept exactly, as text


def test_the_weekly_form_and_summary_write_hostile_text_as_text(tmp_path):
    rows = [FormRow(item_id=n, number=str(n), text=f, role="lead", lead_unit=f, deadline=f, state="正在整改",
                    last_progress=f) for n, f in enumerate(FORMULAS, 1)]
    write_form(FormSpec(round_id=1, campaign=FORMULAS[0], week="2026-W48", unit_id=1, unit=FORMULAS[1],
                        due="2026年11月26日 17:00", rows=rows), tmp_path / "form.xlsx")
    at = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    line = ItemLine(item_id=1, number="1", text=FORMULAS[2], unit=FORMULAS[3], deadline=date(2026, 12, 5),
                    deadline_text=FORMULAS[4], state="正在整改", days=3)
    write_summary_xlsx(WeeklySummary(
        campaign=FORMULAS[0], week="2026-W48", opened_at=at, due_at=at, generated_at=at,
        aspects=[AspectCounts(aspect=FORMULAS[1], counts={"正在整改": 1}, total=1)], transitions=[],
        due_soon=[line], overdue=[line],
        progress=[ProgressLine(item_id=1, number=FORMULAS[0], text=FORMULAS[1], unit=FORMULAS[2], state="正在整改",
                               latest=SubProgress(unit=FORMULAS[2], text=FORMULAS[3], at=at),
                               cooperating=[SubProgress(unit=FORMULAS[4], text=FORMULAS[5], at=at)])],
        units=[UnitReport(unit=FORMULAS[5], status="missing", status_label="未报送", answered_at=None)]),
        tmp_path / "summary.xlsx")
    assert formula_cells(tmp_path / "form.xlsx") == [] and formula_cells(tmp_path / "summary.xlsx") == []


def hostile_context() -> dict:
    """Every field a template may show, each carrying the hostile reason."""
    return {key: HOSTILE_REASON for key in (
        "campaign", "unit", "text", "reason", "comment", "actor", "actor_desc", "signer", "meaning", "requested_by",
        "principal", "deputy", "new_unit", "number", "leader", "state", "action", "request_action", "from_state",
        "to_state", "policy", "week", "due", "attachment", "heading", "deadline_text", "note")} | {
        "item_id": 1, "request_id": 1, "items": [{"item_id": 1, "number": "1", "text": HOSTILE_REASON,
                                                   "deadline": HOSTILE_REASON, "last_progress": HOSTILE_REASON,
                                                   "state": "正在整改", "role": "lead"}],
        "evidence": [HOSTILE_REASON], "stage_targets": [{"text": HOSTILE_REASON, "due": None}],
        "reminders": [{"kind": "已超期", "item_id": 1, "number": "1", "unit": HOSTILE_REASON, "text": HOSTILE_REASON,
                       "detail": HOSTILE_REASON, "deadline": HOSTILE_REASON}],
        "aspects": [{"aspect": HOSTILE_REASON, "counts": {"正在整改": 1}, "total": 1}], "units": [],
        "transitions": [], "due_soon": [], "overdue": [], "day": "2026-11-30", "starts": "2026-12-01",
        "ends": "2026-12-10", "new_deadline": "2027-06-30", "deadline": None, "at": "2026-11-30T01:00:00+00:00",
        "before": {"open": HOSTILE_REASON, "due": HOSTILE_REASON, "timezone": HOSTILE_REASON},
        "after": {"open": HOSTILE_REASON, "due": HOSTILE_REASON, "timezone": HOSTILE_REASON}}


@pytest.mark.parametrize("event", sorted(MESSAGE_EVENTS))
def test_every_message_shows_hostile_text_inert_in_every_channel(event):
    title, body = render(event, hostile_context())
    html = markdown_to_html(f"{title}\n\n{body}")  # what email carries; DingTalk renders the Markdown itself
    assert live_tags(html) == []
    assert "](http" not in body and "<" not in body  # no Markdown link, no raw tag
    forged = [line for line in body.splitlines() if line.lstrip("-*> ").startswith("同意：rectiflow")]
    assert forged == [] and "\n" not in title


def test_a_hostile_reason_reaches_the_email_as_text(sqlite_url, smtp_receiver, tmp_path):
    world = build_world(sqlite_url, items=1)
    from models.store.database import transaction
    from models.tables.organisation import Person

    with transaction(world.db_url) as session:
        for person in session.query(Person):
            person.addresses = [smtp_receiver.mailto_url(f"p{person.id}@example.org")]
    bring_to(sqlite_url, 1, State.in_progress)
    request = act(sqlite_url, 1, "extend", "办公室联络员", reason=HOSTILE_REASON, new_deadline=date(2027, 6, 30),
                  evidence=[EVIDENCE]).request_id
    decide(sqlite_url, request, "组长")
    dispatch_due(DispatchConfig(db_url=sqlite_url, fallback_url=None, sink_path=str(tmp_path / "sink.log"),
                                allowed_hosts=LOOPBACK_ALLOWED))
    asked = [m for m in smtp_receiver.messages if "待审批" in m.subject]
    assert asked
    for mail in asked:
        assert live_tags(mail.html) == []
        assert "＜img" in mail.html  # the words are kept, as text
