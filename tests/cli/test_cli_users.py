"""`rectiflow users …`: the office opens accounts at the shell — an activation link sent and printed, passwords
from stdin for scripts, disabling, personal access tokens — and its actions are recorded as the shell's."""
import getpass
import os
import stat

import pytest

from models.domain.refusals import NotSignedIn
from models.identity.accounts import activate
from models.identity.signin import sign_in


def test_init_makes_the_session_key_readable_by_its_owner_only_and_keeps_it(cli, home):
    assert cli("init").code == 0
    key = home / "data" / "keys" / "session.key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600 and len(key.read_text()) > 40
    before = key.read_text()
    assert cli("init").code == 0 and key.read_text() == before


@pytest.mark.usefixtures("organised")
def test_an_invitation_is_printed_and_sent_and_its_link_works_once(cli, home):
    invited = cli("users", "invite", "吴晓燕")
    assert invited.code == 0, invited.text
    link = next(word for word in invited.out.split() if "/activate?token=" in word)
    sent = [m for m in cli("notify", "list", "--json").json() if m["event"] == "account_invited"]
    assert [m["recipient"] for m in sent] == ["吴晓燕"]
    assert cli("notify", "dispatch", "--direct").code == 0
    delivered = (home / "messages.log").read_text(encoding="utf-8")
    assert "【账户开通】" in delivered and link in delivered
    db_url = f"sqlite:///{home / 'rectiflow.db'}"
    secret = link.split("token=", 1)[1]
    assert activate(db_url, secret, "Wuxiaoyan2026", channel="web", address=None).name == "吴晓燕"
    assert sign_in(db_url, "吴晓燕", "Wuxiaoyan2026", channel="api", address=None, zone="Asia/Shanghai")
    listed = {row["person"]: row["status"] for row in cli("users", "list", "--json").json()}
    assert listed["吴晓燕"] == "已启用" and listed["王建国"] == "未开通"
    with pytest.raises(NotSignedIn, match="已使用"):
        activate(db_url, secret, "Another2026x", channel="web", address=None)


@pytest.mark.usefixtures("organised")
def test_set_password_reads_stdin_and_the_policy_is_enforced_in_chinese(cli, shell, home):
    weak = shell("users", "set-password", "吴晓燕", stdin="short1\n")
    assert weak.code == 1 and "密码太短" in weak.text
    done = shell("users", "set-password", "吴晓燕", stdin="Wuxiaoyan2026\n")
    assert done.code == 0, done.text
    db_url = f"sqlite:///{home / 'rectiflow.db'}"
    assert sign_in(db_url, "吴晓燕", "Wuxiaoyan2026", channel="api", address=None, zone="Asia/Shanghai")


@pytest.mark.usefixtures("organised")
def test_disable_enable_and_tokens(cli):
    assert cli("users", "disable", "吴晓燕").code == 0
    assert {r["person"]: r["status"] for r in cli("users", "list", "--json").json()}["吴晓燕"] == "已停用"
    refused = cli("users", "token", "吴晓燕")
    assert refused.code == 1 and "已停用" in refused.text
    assert cli("users", "enable", "吴晓燕").code == 0
    made = cli("users", "token", "吴晓燕", "--label", "督办平台", "--expires", "2027-06-30")
    assert made.code == 0 and "rfpat_" in made.out
    [row] = cli("users", "tokens", "--json").json()
    assert (row["person"], row["label"], row["revoked"]) == ("吴晓燕", "督办平台", False)
    assert "rfpat_" not in str(row)
    assert cli("users", "revoke", str(row["id"])).code == 0
    assert cli("users", "tokens", "--json").json()[0]["revoked"] is True


def test_what_the_operator_does_at_the_shell_is_recorded_as_the_shells(seeded):
    assert seeded("act", "1", "start", "--as", "吴晓燕").code == 0
    [entry] = [e for e in seeded("audit", "log", "1", "--json").json() if e["kind"] == "item_started"]
    assert entry["data"]["via"] == {"channel": "cli", "method": "operator", "os_user": getpass.getuser()}
