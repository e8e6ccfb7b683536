"""What a nested ledger and an audit ledger with amounts look like once imported: counts use the concrete
problems grouped under their feedback problems; money is kept per problem and totalled in the summary."""
import re

from corpus import audit_amounts, nested_problems


def _import(cli, module, tmp_path):
    assert cli("init").code == 0
    path = module.build(tmp_path / "ledger.xlsx")
    loaded = cli("import", path, "--direct")
    assert loaded.code == 0, loaded.text
    return loaded


def test_nested_ledger_counts_concrete_problems_under_their_feedback_problems(cli, tmp_path):
    _import(cli, nested_problems, tmp_path)
    summary = cli("report", "summary")
    assert "巡察反馈的3大方面6个问题14个具体表现" in summary.text  # the document's own count
    assert nested_problems.EXPECTED["document_count"].replace("个方面", "大方面") in summary.text

    report = tmp_path / "report.md"
    assert cli("report", "progress", "--format", "md", "-o", report).code == 0
    text = report.read_text(encoding="utf-8")
    first_parent, concrete = nested_problems.EXPECTED["parent_problems"][0]
    heading = re.sub(r"^\d+\.", "", first_parent)
    paragraph = text[text.index(f"**1.{heading}。**"):].split("\n\n")[0]  # one heading per feedback problem
    assert "一是" in paragraph and f"{'一二三四五六七八九十'[concrete - 1]}是" in paragraph  # its concrete problems
    assert "**（1）" not in text


def test_audit_amounts_are_totalled_in_the_summary(cli, tmp_path):
    loaded = _import(cli, audit_amounts, tmp_path)
    wanted = audit_amounts.EXPECTED["amounts"]
    assert f"问题金额 {wanted['问题金额']:g} 万元" in loaded.text
    rows = cli("report", "summary", "--json").json()
    assert round(sum(r["amounts"]["问题金额"] for r in rows), 2) == wanted["问题金额"]
    assert round(sum(r["amounts"]["整改到位金额"] for r in rows), 2) == wanted["整改到位金额"]
    table = cli("report", "summary")
    assert f"涉及问题金额{wanted['问题金额']:,.2f}万元" in table.text
    assert f"整改到位资金{wanted['整改到位金额']:,.2f}万元" in table.text  # an audit leads with the money
