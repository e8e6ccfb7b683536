"""`rectiflow init` and `rectiflow demo`."""
from pathlib import Path

import typer

from rectiflow.cli.context import console, state


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)


def init():
    """建立或升级数据库结构（Alembic 迁移），并在首次运行时生成审计检查点签名密钥。"""
    from deploy.migrate import current_revision, shown_url, upgrade
    from models.identity.secret_key import ensure_secret_key
    from models.store.signing_key import ensure_key

    upgrade(state.db_url)
    ensure_secret_key(state.settings.keys_dir)
    console.print(f"数据库已就绪（版本 {current_revision(state.db_url)}）：{shown_url(state.db_url)}", highlight=False)
    key_path = state.settings.audit_key_path
    key, made = ensure_key(key_path)
    console.print(("已生成" if made else "已有") + f"审计检查点签名密钥：{key_path}（仅本用户可读，不在数据库中）", highlight=False)
    console.print(f"审计公钥（请交纪检或上级部门留存，用于日后核验检查点）：{key.verifier}", highlight=False)


def demo(home: Path = typer.Option(None, "--home", help="演示数据目录（默认：RECTIFLOW_HOME/demo，每次重建；不是演示建立的目录不会被清空）"),
         end_state: bool = typer.Option(False, "--end-state",
                                        help="按种子 003 的真实进程把台账走到最终状态（34项完成、3项基本完成、1项长期整改），"
                                             "并生成整改进展情况报告")):
    """用依据巡察整改报告（种子 003）编写的示例台账，演示整改全过程。"""
    from rectiflow.demo import run_demo, run_end_state

    (run_end_state if end_state else run_demo)((home or state.settings.home / "demo").resolve())
