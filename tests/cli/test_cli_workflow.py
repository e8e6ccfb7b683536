"""The life of an item through the command line, and the refusals a user meets on the way."""
import hashlib
import sqlite3


def state_of(cli, item_id: int) -> dict:
    return cli("items", "show", item_id, "--json").json()["item"]


def audit_length(cli) -> int:
    return len(cli("audit", "log", "--json").json())


def ok(result) -> str:
    assert result.code == 0, result.text
    return result.text


def submitted(cli, tmp_path, item_id: int = 1, liaison: str = "吴晓燕") -> int:
    """Start an item and submit it for verification; returns the verify request's number."""
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo of the new notice board")
    ok(cli("act", item_id, "start", "--as", liaison))
    ok(cli("act", item_id, "submit", "--as", liaison, "--evidence", photo))
    [request] = cli("approvals", "list", "--pending", "--json").json()
    return request["id"]


def test_full_life_of_an_item_through_cli(seeded, home, tmp_path):
    cli = seeded
    assert "已交办 → 正在整改" in ok(cli("act", 1, "start", "--as", "吴晓燕"))

    minutes = tmp_path / "党组会议纪要.docx"
    minutes.write_bytes("修订第一议题学习指引".encode() * 100)
    sha = hashlib.sha256(minutes.read_bytes()).hexdigest()
    assert "已记录事项 #1 的整改进展" in ok(cli("progress", "add", 1, "--as", "吴晓燕", "--text", "已修订第一议题学习指引",
                                              "--percent", "60", "--evidence", minutes))
    stored = home / "data" / sha[:2] / sha
    assert stored.read_bytes() == minutes.read_bytes()
    detail = cli("items", "show", 1, "--json").json()
    assert [(e["filename"], e["sha256"], e["size"]) for e in detail["evidence"]] == \
        [("党组会议纪要.docx", sha, minutes.stat().st_size)]
    assert [(p["text"], p["percent"], p["person"]) for p in detail["progress"]] == [("已修订第一议题学习指引", 60, "吴晓燕")]

    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    assert "已提交审批申请 #1" in ok(cli("act", 1, "submit", "--as", "吴晓燕", "--evidence", photo))
    assert "正在整改（待验收）" in ok(cli("items", "list"))
    assert state_of(cli, 1)["awaiting"] == "待验收"
    [waiting] = cli("approvals", "list", "--pending", "--for", "黄建平", "--json").json()
    assert (waiting["id"], waiting["item_id"], waiting["action"], waiting["requested_by"]) == (1, 1, "verify", "吴晓燕")
    assert cli("approvals", "list", "--pending", "--for", "李明华", "--json").json() == []

    assert "正在整改 → 已验收" in ok(cli("approvals", "decide", 1, "approve", "--as", "黄建平"))
    assert state_of(cli, 1)["state"] == "verified"

    assert "需审批，已提交审批申请 #2" in ok(cli("act", 1, "close", "--as", "黄建平"))
    assert [r["id"] for r in cli("approvals", "list", "--pending", "--for", "李明华", "--json").json()] == [2]
    assert "仍待其他人审批" in ok(cli("approvals", "decide", 2, "approve", "--as", "李明华"))
    assert state_of(cli, 1)["state"] == "verified"
    assert "已验收 → 已销号" in ok(cli("approvals", "decide", 2, "approve", "--as", "陈志强", "--comment", "同意销号"))
    assert state_of(cli, 1)["state"] == "closed"
    assert cli("approvals", "list", "--pending", "--json").json() == []

    assert "审计链完整" in ok(cli("audit", "verify"))
    kinds = [e["kind"] for e in cli("audit", "log", 1, "--json").json()]
    for kind in ("item_imported", "item_started", "progress_reported", "item_submitted", "item_verified",
                 "item_closed"):
        assert kind in kinds
    summary = cli("report", "summary", "--json").json()
    assert sum(row["counts"]["已完成整改"] for row in summary) == 1
    assert sum(row["total"] for row in summary) == 38
    assert "已完成整改1项" in ok(cli("report", "summary"))


def test_refusal_in_wrong_state_names_state_and_allowed_actions(seeded, tmp_path):
    cli = seeded
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"photo")
    before = audit_length(cli)
    refused = cli("act", 1, "submit", "--as", "吴晓燕", "--evidence", photo)
    assert refused.code == 1
    assert "事项 #1 当前为「已交办」，不能执行「提请验收」；可执行：开始整改、列为长期整改、延期、调整牵头单位" in refused.text
    assert audit_length(cli) == before
    assert cli("approvals", "list", "--json").json() == []
    item = state_of(cli, 1)
    assert (item["state"], item["version"], item["awaiting"]) == ("assigned", 1, None)

    closed_too_early = cli("act", 1, "close", "--as", "黄建平")
    assert closed_too_early.code == 1 and "不能执行「对账销号」" in closed_too_early.text
    assert audit_length(cli) == before


def test_unit_cannot_verify_its_own_item(seeded, tmp_path):
    cli = seeded
    extra = tmp_path / "extra_org.yaml"  # someone of 整改办's role who sits in 办公室, the item's lead unit
    extra.write_text("people:\n  - name: 钱进\n    unit: 办公室\n    roles: [office]\n", encoding="utf-8")
    ok(cli("org", "import", extra))
    request = submitted(cli, tmp_path)
    before = audit_length(cli)

    refused = cli("approvals", "decide", request, "approve", "--as", "钱进")
    assert refused.code == 1
    assert "「钱进」属于办公室，不能审批本单位事项的检查验收" in refused.text
    assert audit_length(cli) == before
    assert [r["id"] for r in cli("approvals", "list", "--pending", "--json").json()] == [request]
    assert state_of(cli, 1)["state"] == "in_progress"

    ok(cli("approvals", "decide", request, "approve", "--as", "黄建平"))
    assert state_of(cli, 1)["state"] == "verified"


def test_requester_cannot_approve_own_request(seeded, tmp_path):
    cli = seeded
    request = submitted(cli, tmp_path)
    refused = cli("approvals", "decide", request, "approve", "--as", "吴晓燕")
    assert refused.code == 1 and "不能审批本人提出的审批申请" in refused.text


def test_reject_decision_requires_comment(seeded, tmp_path):
    cli = seeded
    request = submitted(cli, tmp_path)
    before = audit_length(cli)
    refused = cli("approvals", "decide", request, "reject", "--as", "黄建平")
    assert refused.code == 1 and "--comment" in refused.text and "理由" in refused.text
    assert audit_length(cli) == before

    assert "已退回" in ok(cli("approvals", "decide", request, "reject", "--as", "黄建平", "--comment", "照片不能证明已整改"))
    [decided] = cli("approvals", "list", "--json").json()
    assert decided["status"] == "rejected"
    item = state_of(cli, 1)
    assert (item["state"], item["awaiting"]) == ("in_progress", None)


def test_extend_requires_reason_and_deadline(seeded):
    cli = seeded
    before = audit_length(cli)
    neither = cli("act", 5, "extend", "--as", "吴晓燕")
    assert neither.code == 1 and "新的整改时限" in neither.text and "理由" in neither.text
    no_deadline = cli("act", 5, "extend", "--as", "吴晓燕", "--reason", "需配合车改进度")
    assert no_deadline.code == 1 and "需要填写：新的整改时限" in no_deadline.text
    no_reason = cli("act", 5, "extend", "--as", "吴晓燕", "--deadline", "2027年6月底")
    assert no_reason.code == 1 and "需要填写：理由" in no_reason.text
    unreadable = cli("act", 5, "extend", "--as", "吴晓燕", "--reason", "需配合车改进度", "--deadline", "明年")
    assert unreadable.code == 1 and "「明年」无法识别" in unreadable.text
    assert audit_length(cli) == before

    opened = ok(cli("act", 5, "extend", "--as", "吴晓燕", "--reason", "需配合车改进度", "--deadline", "2027年6月底"))
    assert "「延期」需审批，已提交审批申请" in opened
    [request] = cli("approvals", "list", "--pending", "--json").json()
    assert (request["item_id"], request["action"]) == (5, "extend")


def test_long_term_needs_stage_targets(seeded):
    cli = seeded
    missing = cli("act", 2, "mark_long_term", "--as", "唐敏", "--reason", "信息化平台建设周期长")
    assert missing.code == 1 and "阶段目标" in missing.text
    opened = ok(cli("act", 2, "列为长期整改", "--as", "唐敏", "--reason", "信息化平台建设周期长",
                    "--stage", "完成平台验收@2027年3月底", "--stage", "建立运维管理机制"))
    assert "需审批" in opened


def test_unknown_person_is_named(seeded):
    cli = seeded
    before = audit_length(cli)
    for args in (["act", 1, "start", "--as", "张三"],
                 ["progress", "add", 1, "--as", "张三", "--text", "进展"],
                 ["approvals", "list", "--for", "张三"]):
        refused = cli(*args)
        assert refused.code == 1, args
        assert "组织目录中没有人员「张三」" in refused.text and "rectiflow org list" in refused.text
    assert audit_length(cli) == before


def test_unknown_item_request_and_action_are_named(seeded):
    cli = seeded
    assert "没有事项 #99" in cli("act", 99, "start", "--as", "吴晓燕").text
    assert "没有事项 #99" in cli("items", "show", 99).text
    assert "没有审批申请 #9" in cli("approvals", "decide", 9, "approve", "--as", "黄建平").text
    unknown = cli("act", 1, "fly", "--as", "吴晓燕")
    assert unknown.code == 1 and "未知操作「fly」" in unknown.text and "start（开始整改）" in unknown.text
    bad_state = cli("items", "list", "--state", "待验收")
    assert bad_state.code == 1 and "未知状态「待验收」" in bad_state.text and "in_progress/正在整改" in bad_state.text


def test_missing_evidence_file_is_named_and_nothing_written(seeded, tmp_path):
    cli = seeded
    ok(cli("act", 1, "start", "--as", "吴晓燕"))
    before = audit_length(cli)
    refused = cli("act", 1, "submit", "--as", "吴晓燕", "--evidence", tmp_path / "不存在.pdf")
    assert refused.code == 1 and "佐证材料文件不存在" in refused.text and "不存在.pdf" in refused.text
    without = cli("act", 1, "submit", "--as", "吴晓燕")
    assert without.code == 1 and "佐证材料" in without.text
    assert audit_length(cli) == before


def test_audit_verify_exit_1_on_tampered_row(seeded, home):
    cli = seeded
    assert cli("audit", "verify").code == 0
    with sqlite3.connect(home / "rectiflow.db") as db:
        db.execute("update audit_entry set reason = '改过了' where seq = 5")
    broken = cli("audit", "verify")
    assert broken.code == 1
    assert "审计链断裂" in broken.text and "第 5 条" in broken.text


def test_notify_dispatch_direct_writes_local_sink(seeded, home):
    cli = seeded
    ok(cli("act", 1, "start", "--as", "吴晓燕"))
    pending = cli("notify", "list", "--json").json()
    assert pending and {m["status"] for m in pending} == {"pending"}

    sent = ok(cli("notify", "dispatch", "--direct"))
    assert f"已发送 {len(pending)} 条，失败待重试 0 条" in sent
    log = (home / "messages.log").read_text(encoding="utf-8")
    assert "标题: 【整改任务交办】" in log and "收件人: 吴晓燕" in log
    messages = cli("notify", "list", "--json").json()
    assert {m["status"] for m in messages} == {"sent"} and len(messages) == len(pending)
    assert cli("notify", "list", "--failed", "--json").json() == []

    assert "已发送 0 条" in ok(cli("notify", "dispatch", "--direct"))  # nothing is sent twice
    assert (home / "messages.log").read_text(encoding="utf-8") == log
    assert "已重新排队 0 条" in ok(cli("notify", "retry"))


def test_unknown_light_colour_is_named(seeded):
    result = seeded("items", "list", "--light", "purple")
    assert result.code == 1 and "未知灯色「purple」" in result.text
