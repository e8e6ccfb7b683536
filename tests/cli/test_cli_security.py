"""At the shell: every write records who made it, and nothing a user feeds the CLI shows a traceback."""
import getpass

from hostile_files import ledger_xlsx, with_broken_xml
from round_world import OPEN_AT, WEEK, fill_form

from models.collection.steps import ask, plan_round

OPERATOR = f"命令行（{getpass.getuser()}）"


def test_imports_record_the_operator_who_ran_them(seeded):
    kinds = {e["kind"]: e for e in seeded("audit", "log", "--json").json()}
    assert kinds["directory_imported"]["actor"] == OPERATOR
    assert kinds["directory_imported"]["data"]["file"] == "seed003_org.yaml"
    assert kinds["ledger_imported"]["actor"] == OPERATOR and kinds["item_imported"]["actor"] == OPERATOR


def test_a_delegation_needs_to_say_who_sets_it_up(seeded):
    missing = seeded("approvals", "delegate", "--from", "李明华", "--to", "郑国栋", "--start", "2026-12-01",
                     "--end", "2026-12-10")
    assert missing.code == 2
    refused = seeded("approvals", "delegate", "--from", "李明华", "--to", "郑国栋", "--start", "2026-12-01",
                     "--end", "2026-12-10", "--as", "郑国栋")
    assert refused.code == 1 and "只有本人或整改办可以设置" in refused.text


def test_a_form_without_its_reporter_is_refused_and_one_with_it_is_theirs(seeded, home, tmp_path):
    db_url = f"sqlite:///{(home / 'rectiflow.db').resolve()}"
    plan = plan_round(db_url, "1", WEEK, OPEN_AT)
    for unit_id, _ in plan.units:
        ask(db_url, plan.round_id, unit_id, home / "data", OPEN_AT)
    form = next((home / "data").rglob("*-办公室-整改进展报送表.xlsx"))
    unnamed = fill_form(form, {1: {"progress": "已修订学习指引"}}, save_as=tmp_path / form.name, reporter=None)
    refused = seeded("collect", "ingest", unnamed)
    assert refused.code == 1 and "报送表未填写「报送人（必填）」" in refused.text
    named = fill_form(form, {1: {"progress": "已修订学习指引"}}, save_as=tmp_path / form.name, reporter="吴晓燕")
    assert seeded("collect", "ingest", named).code == 0
    entry = [e for e in seeded("audit", "log", "1", "--json").json() if e["kind"] == "progress_reported"][-1]
    assert entry["actor"] == "吴晓燕" and entry["data"]["source"]["reporter_on_form"] == "吴晓燕"


def test_a_damaged_workbook_is_a_chinese_refusal_not_a_traceback(seeded, tmp_path):
    path = with_broken_xml(ledger_xlsx(tmp_path / "台账.xlsx", [[1, "方面", "问题", "措施", "王建国", "办公室",
                                                                  "2026年12月底"]]))
    result = seeded("import", path, "--direct")
    assert result.code == 1 and "已损坏" in result.text and "Traceback" not in result.text


def test_an_org_file_building_python_objects_is_a_chinese_refusal(seeded, tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text("people: !!python/object/apply:os.system ['echo owned']\n", encoding="utf-8")
    result = seeded("org", "import", org)
    assert result.code == 1 and "YAML 格式错误" in result.text and "Traceback" not in result.text


def test_an_unexpected_failure_is_reported_in_chinese_with_the_details_in_a_log(seeded, home, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("models.queries.items.lights_for", broken)
    result = seeded("items", "list")
    assert result.code == 1 and "程序内部出错" in result.text and "Traceback" not in result.text
    assert "disk on fire" in (home / "rectiflow-errors.log").read_text(encoding="utf-8")
