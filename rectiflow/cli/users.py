"""`rectiflow users …`: accounts for the people in the directory — the office operator's tool at the shell."""
import sys
from datetime import datetime, time, timedelta

import typer
from rich.table import Table

from models.domain.refusals import InvalidInput
from rectiflow.cli.context import console, emit_json, operator, ready_db, state

app = typer.Typer(no_args_is_help=True)
NAME = typer.Argument(..., metavar="NAME", help="姓名（组织目录中的）")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="users", help="账户：开通、密码、停用、访问令牌")


@app.command("invite")
def invite(name: str = NAME):
    """开通账户：生成一次性激活链接，发送到本人的通知地址并在此显示（过期时间见 RECTIFLOW_INVITE_HOURS）。"""
    from models.identity.accounts import invite as send_invite

    settings = state.settings
    done = send_invite(ready_db(), name, operator(), public_url=settings.public_url,
                       valid_for=timedelta(hours=settings.invite_hours))
    console.print(f"已为「{done.person}」生成激活链接（{state.local(done.expires_at)} 前有效，仅能使用一次）：", highlight=False)
    console.print(done.link, highlight=False, soft_wrap=True)
    console.print(f"链接已放入消息队列（{done.messages} 条），运行 rectiflow notify dispatch 发送。", highlight=False)


@app.command("set-password")
def set_password(name: str = NAME):
    """设置或重置密码（不是终端时从标准输入读取一行）；本人已登录的会话随即失效，锁定解除。"""
    from models.identity.accounts import set_password as store

    password = _read_password()
    store(ready_db(), name, password, operator())
    console.print(f"已为「{name}」设置新密码。", highlight=False)


@app.command("disable")
def disable(name: str = NAME):
    """停用账户：立即退出所有会话，令牌失效，不能再登录。"""
    _set_disabled(name, True)


@app.command("enable")
def enable(name: str = NAME):
    """恢复已停用的账户。"""
    _set_disabled(name, False)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """列出组织目录中每个人的账户状态（未开通、待激活、已启用、已停用、已锁定）和最近登录时间。"""
    from models.identity.listing import list_accounts

    rows = list_accounts(ready_db())
    if as_json:
        return emit_json(rows)
    table = Table("姓名", "单位", "角色", "账户", "最近登录", title=f"账户（{len(rows)} 人）")
    for row in rows:
        table.add_row(row.person, row.unit or "", "、".join(row.roles), row.status, state.local(row.last_sign_in))
    console.print(table)


@app.command("token")
def token(name: str = NAME, label: str = typer.Option("", "--label", help="用途，如 对接督办平台"),
          expires: str = typer.Option(None, "--expires", help="过期日期（含当天），如 2027-06-30；默认不过期")):
    """发放个人访问令牌（供系统对接调用 API）：只显示这一次，库中只存其哈希，可随时撤销。"""
    from models.domain.deadlines import parse_day
    from models.identity.personal_tokens import create_token

    until = None
    if expires:
        day = parse_day(expires, "过期日期") + timedelta(days=1)
        until = datetime.combine(day, time(), tzinfo=state.settings.zone)
    token_id, secret = create_token(ready_db(), name, label, until, operator())
    console.print(f"已为「{name}」发放访问令牌 #{token_id}（请立即保存，之后无法再查看）：", highlight=False)
    console.print(secret, highlight=False, soft_wrap=True)


@app.command("tokens")
def tokens(name: str = typer.Argument(None, metavar="[NAME]"),
           as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")):
    """列出访问令牌（不含令牌本身）。"""
    from models.identity.personal_tokens import list_tokens

    rows = list_tokens(ready_db(), name)
    if as_json:
        return emit_json(rows)
    table = Table("#", "姓名", "用途", "发放", "过期", "最近使用", "状态", title=f"访问令牌（{len(rows)} 个）")
    for row in rows:
        table.add_row(str(row.id), row.person, row.label, state.local(row.created_at), state.local(row.expires_at),
                      state.local(row.last_used_at), "已撤销" if row.revoked else "有效")
    console.print(table)


@app.command("revoke")
def revoke(token_id: int = typer.Argument(..., metavar="TOKEN_ID")):
    """撤销一个访问令牌。"""
    from models.identity.personal_tokens import revoke_token

    person = revoke_token(ready_db(), token_id, operator())
    console.print(f"已撤销「{person}」的访问令牌 #{token_id}。", highlight=False)


def _set_disabled(name: str, disabled: bool) -> None:
    from models.identity.accounts import set_disabled

    set_disabled(ready_db(), name, disabled, operator())
    console.print(f"已{'停用' if disabled else '恢复'}「{name}」的账户。", highlight=False)


def _read_password() -> str:
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次：") != password:
            raise InvalidInput("两次输入的密码不一致，未更改")
    if not password:
        raise InvalidInput("没有读到密码（从标准输入读取一行）")
    return password
