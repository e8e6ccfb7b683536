"""Exit codes as a shell sees them: 0 done, 1 refused or invalid input, 2 the command line itself is wrong."""
import sqlite3
import sys

from cli_support import SEED_LEDGER, SEED_ORG


def test_usage_error_exits_2(cli):
    assert cli("init").code == 0
    for args in (["act", "1", "start"],                      # missing --as
                 ["items", "list", "--bogus"],               # unknown option
                 ["items", "show", "one"],                   # not a number
                 ["approvals", "decide", "1", "maybe", "--as", "黄建平"],
                 ["no-such-command"]):
        result = cli(*args)
        assert result.code == 2, (args, result.text)
        assert "Traceback" not in result.text, args


def test_missing_option_is_named(cli):
    assert cli("init").code == 0
    result = cli("act", "1", "start")
    assert result.code == 2 and "--as" in result.text


def test_help_exits_0(cli):
    result = cli("--help")
    assert result.code == 0 and "整改" in result.text
    assert cli("act", "--help").code == 0


def test_installed_script_exit_codes(shell):
    """The console script: refused before init (1), usage error (2), done (0) — no tracebacks."""
    before_init = shell("items", "list")
    assert before_init.code == 1 and "请先运行 rectiflow init" in before_init.text
    assert shell("init").code == 0
    usage = shell("act", "1", "start")
    assert usage.code == 2 and "--as" in usage.text and "Traceback" not in usage.text
    listed = shell("items", "list", "--json")
    assert listed.code == 0 and listed.json() == []


def test_audit_verify_exit_code_in_shell(cli, shell, home):
    for args in (("init",), ("org", "import", SEED_ORG), ("import", SEED_LEDGER, "--direct")):
        assert cli(*args).code == 0
    assert shell("audit", "verify").code == 0
    with sqlite3.connect(home / "rectiflow.db") as db:
        db.execute("delete from audit_entry where seq = 3")
    broken = shell("audit", "verify")
    assert broken.code == 1 and "审计链断裂" in broken.text


def test_python_dash_m_runs_the_cli(shell):
    result = shell("--help", script=(sys.executable, "-m", "rectiflow"))
    assert result.code == 0 and "整改" in result.text
