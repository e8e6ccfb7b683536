"""`rectiflow approvals meeting|delegate|decide --for` as a user runs them."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def today_in_shanghai() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def to_verified_and_close(cli, item, liaison, evidence):
    for args in (("act", item, "start", "--as", liaison), ("act", item, "submit", "--as", liaison, "--evidence", evidence)):
        assert cli(*args).code == 0
    request = cli("approvals", "list", "--pending", "--json").json()[-1]["id"]
    assert cli("approvals", "decide", request, "approve", "--as", "黄建平").code == 0
    assert cli("act", item, "close", "--as", "黄建平").code == 0
    return cli("approvals", "list", "--pending", "--json").json()[-1]["id"]


def test_meeting_closes_requests_and_links_minutes(seeded, tmp_path):
    evidence = tmp_path / "验收材料.pdf"
    evidence.write_bytes(b"x")
    minutes = tmp_path / "第5次领导小组会议纪要.docx"
    minutes.write_bytes(b"minutes")
    request = to_verified_and_close(seeded, 1, "吴晓燕", evidence)
    done = seeded("approvals", "meeting", "--date", today_in_shanghai(), "--chair", "王建国", "--attendee", "李明华",
                  "--minutes", minutes, "--approve", request, "--as", "谢婷")
    assert done.code == 0, done.text
    assert "已验收 → 已销号" in done.text
    log = seeded("audit", "log", "1", "--json").json()
    meeting = [e for e in log if e["kind"] == "meeting_decided"]
    assert len(meeting) == 1 and meeting[0]["data"]["chair"] == "王建国"
    assert meeting[0]["data"]["minutes"] is not None


def test_meeting_reject_needs_request_equals_reason(seeded):
    done = seeded("approvals", "meeting", "--date", "2026-12-02", "--chair", "王建国", "--reject", "5", "--as", "谢婷")
    assert done.code == 2 and "申请编号=理由" in done.text


def test_deputy_signs_for_principal_within_dates(seeded, tmp_path):
    evidence = tmp_path / "材料.pdf"
    evidence.write_bytes(b"x")
    request = to_verified_and_close(seeded, 5, "吴晓燕", evidence)
    today = today_in_shanghai()
    granted = seeded("approvals", "delegate", "--from", "李明华", "--to", "郑国栋", "--start", today - timedelta(days=1),
                     "--end", today + timedelta(days=1), "--reason", "出差", "--as", "李明华")
    assert granted.code == 0, granted.text
    waiting = seeded("approvals", "list", "--pending", "--for", "郑国栋", "--json").json()
    assert [r["id"] for r in waiting] == [request]
    assert seeded("approvals", "decide", request, "approve", "--as", "郑国栋", "--for", "李明华").code == 0
    assert seeded("approvals", "decide", request, "approve", "--as", "陈志强").code == 0
    assert seeded("items", "show", "5", "--json").json()["item"]["state"] == "closed"
    decisions = seeded("approvals", "list", "--json").json()[-1]["decisions"]
    assert any("李明华" in d for d in decisions)
