"""No user reads English or a traceback: Click's usage errors are said in Chinese (exit 2), the help screens' fixed
words are Chinese, and tables piped to a file or another program are whole, not cut to 80 columns."""
import re

import pytest
from cli_support import YAML_LEDGER

CLICK_WORDS = re.compile(r"Usage|Error|Missing|Invalid|No such|Try '|Input should|Got unexpected|requires an|Options")


@pytest.mark.parametrize("args, says", [
    (["items", "list", "--bogus"], "没有选项 --bogus"),
    (["act", "1", "start"], "缺少选项 --as"),
    (["act", "1", "start", "--as"], "选项 --as 后面需要一个值"),
    (["items", "show", "one"], "ID 的值不对：应为整数"),
    (["items", "list", "--limit", "0"], "--limit 的值不对：应不小于 1"),
    (["approvals", "decide", "1", "maybe", "--as", "黄建平"], "取值不对：应为 approve 或 reject"),
    (["items", "list", "extra"], "多余的参数：extra"),
    (["report", "progress"], "缺少选项 -o / --output"),
    (["no-such-command"], "没有命令「no-such-command」"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_usage_errors_are_said_in_chinese(cli, args, says):
    assert cli("init").code == 0
    result = cli(*args)
    assert result.code == 2
    assert f"用法错误：{says}" in result.text and "查看用法：rectiflow" in result.text
    assert not CLICK_WORDS.search(result.text), result.text


def test_help_screens_use_chinese_words(cli):
    for args in (["--help"], ["act", "--help"], ["items", "--help"]):
        result = cli(*args)
        assert result.code == 0 and "用法：rectiflow" in result.text
        assert not CLICK_WORDS.search(result.text) and "Show this message" not in result.text, args
    act = cli("act", "--help").text
    assert "参数" in act and "选项" in act and "[必填]" in act and "显示本帮助并退出" in act


def test_tables_piped_to_another_program_are_not_cut(seeded, shell):
    summary = shell("report", "summary")
    assert summary.code == 0
    assert "已完成整改" in summary.out and "基本完成整改" in summary.out and "…" not in summary.out
    assert "关于管党治党、整治不正之风和腐败问题方面" in summary.out
    log = shell("audit", "log", "--limit", "3").out
    assert "导入事项" in log and "命令行（" in log and "…" not in log


@pytest.mark.prefect
def test_a_refusal_inside_a_prefect_flow_is_said_once_without_a_traceback(cli, shell, tmp_path):
    for args in (("init",), ("org", "import", YAML_LEDGER.with_name("seed003_org.yaml")), ("import", YAML_LEDGER, "--direct")):
        assert cli(*args).code == 0
    changed = tmp_path / "台账（改）.yaml"
    changed.write_text(YAML_LEDGER.read_text(encoding="utf-8").replace("部分项目预算执行进度缓慢", "部分项目预算执行进度明显缓慢"),
                       encoding="utf-8")

    result = shell("import", changed, timeout=300, extra_env={"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"})

    assert result.code == 1
    assert "已存在" in result.text and "rectiflow campaign replace" in result.text
    assert "Traceback" not in result.out + result.err and len((result.out + result.err).splitlines()) <= 3
