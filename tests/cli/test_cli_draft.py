"""`rectiflow draft` as the office runs it: the plan in, a ledger out that `import` takes."""
from corpus import rectification_plan


def test_draft_then_import(cli, tmp_path):
    plan = rectification_plan.build(tmp_path / "整改方案.docx")
    assert cli("init").code == 0
    drafted = cli("draft", plan, "-o", tmp_path / "台账草稿.xlsx")
    assert drafted.code == 0, drafted.text
    assert "3 个方面，10 个问题" in drafted.text and "import 台账草稿.xlsx --check" in drafted.text
    again = cli("draft", plan, "-o", tmp_path / "台账草稿.xlsx")
    assert again.code == 1 and "已存在" in again.text
    loaded = cli("import", tmp_path / "台账草稿.xlsx", "--direct")
    assert loaded.code == 0 and "3 个方面，10 个问题" in loaded.text, loaded.text
