"""`rectiflow init` makes the checkpoint key (its public half printed), `audit checkpoint` signs the chain's head,
and `audit verify --checkpoint FILE|all` proves the chain still holds it — from a file, a saved message or the
progress report's footer; `audit log` names every event in Chinese."""
import sqlite3

from models.domain.events import EVENT_LABELS


def test_init_makes_the_key_once_and_prints_its_public_half(cli, home):
    first = cli("init")
    public = (home / "audit-signing.key.pub").read_text().strip()
    assert first.code == 0
    assert "已生成审计检查点签名密钥" in first.text and public in first.text
    assert (home / "audit-signing.key").stat().st_mode & 0o777 == 0o600

    again = cli("init")
    assert "已有审计检查点签名密钥" in again.text and public in again.text
    assert (home / "audit-signing.key.pub").read_text().strip() == public


def _sizes(cli) -> tuple[int, int]:
    """(audit entries, items) of the seeded database: the import's entries."""
    return len(cli("audit", "log", "--json").json()), len(cli("items", "list", "--json").json())


def test_last_weeks_checkpoint_proves_this_weeks_chain(seeded, home, tmp_path):
    entries, items = _sizes(seeded)
    saved = seeded("audit", "checkpoint", "-o", tmp_path / "上周.checkpoint")
    assert saved.code == 0 and f"已保存检查点（第 {entries} 条）" in saved.text
    assert seeded("act", "1", "start", "--as", "吴晓燕").code == 0

    result = seeded("audit", "verify", "--checkpoint", tmp_path / "上周.checkpoint")

    assert result.code == 0, result.text
    assert f"审计链完整：共 {entries + 1} 条记录" in result.text
    assert f"{items} 个事项的状态、整改时限、牵头单位" in result.text
    assert f"检查点 上周.checkpoint：审计链仍包含其记录的前 {entries} 条，签名有效" in result.text


def test_a_truncated_chain_fails_against_every_kept_checkpoint(seeded, home):
    entries, _ = _sizes(seeded)
    seeded("act", "1", "start", "--as", "吴晓燕")
    assert seeded("audit", "checkpoint").code == 0
    with sqlite3.connect(home / "rectiflow.db") as db:
        db.execute("delete from outbox_message where audit_seq = ?", (entries + 1,))
        db.execute("delete from audit_entry where seq = ?", (entries + 1,))
        db.execute("update audit_head set seq = ?, hash = (select hash from audit_entry where seq = ?)",
                   (entries, entries))
        db.execute("update item set state = 'in_progress' where id = 1")  # covering their tracks in the ledger too

    result = seeded("audit", "verify", "--checkpoint", "all")

    assert result.code == 1
    assert f"审计链完整：共 {entries} 条记录" in result.text  # the chain alone cannot tell
    assert f"检查点 {entries + 1:012d}.checkpoint（第 {entries + 1} 条）不符" in result.text and "被截断" in result.text
    assert "事项 #1 的状态为「正在整改」" in result.text


def test_the_progress_reports_footer_carries_a_checkpoint_that_verifies(seeded, tmp_path):
    entries, _ = _sizes(seeded)
    report = tmp_path / "整改进展情况报告.docx"
    assert seeded("report", "progress", "-o", report, "--no-charts").code == 0

    result = seeded("audit", "verify", "--checkpoint", report)

    assert result.code == 0, result.text
    assert f"检查点 整改进展情况报告.docx：审计链仍包含其记录的前 {entries} 条" in result.text


def test_a_file_without_a_checkpoint_is_refused_by_name(seeded, tmp_path):
    empty = tmp_path / "消息.txt"
    empty.write_text("没有检查点", encoding="utf-8")
    result = seeded("audit", "verify", "--checkpoint", empty)
    assert result.code == 1 and "「" in result.text and "中没有审计检查点" in result.text


def test_a_direct_update_makes_verify_fail_and_say_where(seeded, home):
    with sqlite3.connect(home / "rectiflow.db") as db:
        db.execute("update item set state = 'closed' where id = 3")
    result = seeded("audit", "verify")
    assert result.code == 1
    assert "与审计链不符：事项 #3 的状态为「已销号」，审计链（第 4 条）记录为「已交办」" in result.text


def test_audit_log_names_events_in_chinese(seeded):
    seeded("act", "1", "start", "--as", "吴晓燕")
    rows = seeded("audit", "log", "--json").json()
    assert {row["kind_label"] for row in rows} == {"导入组织目录", "导入事项", "导入台账", "开始整改"}
    table = seeded("audit", "log").text
    assert "导入事项" in table and "item_imported" not in table


def test_every_event_kind_has_a_chinese_label():
    import models.domain.events as events

    kinds = {v for k, v in vars(events).items() if k.isupper() and isinstance(v, str)} | set(events.TRANSITION_EVENTS.values())
    assert kinds <= set(EVENT_LABELS)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in EVENT_LABELS.values())
