"""The `rectiflow` command line. Commands that only read never import Prefect."""
import sys

import typer
from pydantic import ValidationError

from models.domain.problems import FileInvalid, validation_message
from models.domain.refusals import Refused
from rectiflow.arguments import global_options_first
from rectiflow.cli import (
    approvals,
    audit,
    calendar,
    campaigns,
    collect,
    draft,
    items,
    ledger,
    notify,
    org,
    province,
    remind,
    report,
    setup,
    transitions,
    users,
    warm,
    web,
    work,
)
from rectiflow.cli.context import console, errors, state
from rectiflow.cli.usage_errors import chinese_help_screens, chinese_usage_error, help_hint

chinese_help_screens()
app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode="rich",
                  help="Rectiflow 整改台账：问题清单、状态流转与审批、审计链、消息提醒。")


@app.callback()
def root(db: str = typer.Option(None, "--db", metavar="URL", help="数据库 URL（覆盖 RECTIFLOW_DATABASE_URL），可写在任何命令后")):
    state.db = db


for module in (setup, province, org, users, ledger, draft, campaigns, work, collect, remind, calendar, report,
               transitions, web, warm):
    module.register(app)
app.add_typer(items.app, name="items", help="整改事项：列表与详情")
app.add_typer(approvals.app, name="approvals", help="审批申请：查看与审批")
app.add_typer(notify.app, name="notify", help="消息：发送与查看")
app.add_typer(audit.app, name="audit", help="审计链：校验与历史")


def _internal_error(exc: Exception) -> None:
    """Nobody reads a traceback at the office: say what happened in Chinese, keep the details in a log file."""
    import traceback

    from models.store.failures import failure_message

    log = state.settings.home / "rectiflow-errors.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as file:
            file.write("".join(traceback.format_exception(exc)) + "\n")
        where = f"详细信息已记入 {log}"
    except OSError:
        where = "详细信息无法写入日志文件"
    known = failure_message(exc)
    if known:
        console.print(f"[red]错误：[/red]{known}（{where}）", highlight=False)
    else:
        console.print(f"[red]错误：[/red]程序内部出错，操作未完成（{type(exc).__name__}）。"
                      f"{where}，请联系系统管理员。", highlight=False)
    raise SystemExit(1)


def _usage_error(exc) -> None:
    """Click's usage errors, in Chinese (exit 2); a bare command group shows its help."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()
    else:
        errors.print(f"[red]用法错误：[/red]{chinese_usage_error(exc)}。{help_hint(exc)}", highlight=False)
    raise SystemExit(exc.exit_code)


def _log_to_file() -> None:
    """Warnings go to RECTIFLOW_HOME/rectiflow.log (English, for whoever maintains the installation), never between
    the lines a user reads."""
    import logging

    from rectiflow.cli.log_file import LogFile

    handler = LogFile(state.settings.home / "rectiflow.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.raiseExceptions = False  # a log file that cannot be written is no reason to show a traceback
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


def main(argv: list[str] | None = None) -> None:
    _log_to_file()
    args = global_options_first(list(sys.argv[1:] if argv is None else argv))
    try:
        code = app(args, prog_name="rectiflow", standalone_mode=False)
    except (Refused, FileInvalid) as refusal:
        console.print(f"[red]错误：[/red]{refusal}", highlight=False)
        raise SystemExit(1)
    except typer.Exit as done:
        raise SystemExit(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _interrupted()
    except ValidationError as invalid:
        problems = "；".join(f"{'.'.join(map(str, e['loc']))}：{validation_message(e)}" for e in invalid.errors())
        console.print(f"[red]错误：[/red]输入有误（{problems}）", highlight=False)
        raise SystemExit(1)
    except Exception as exc:  # usage errors: click's, or those of the copy of click that Typer ≥ 0.26 vendors
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            _usage_error(exc)
        _internal_error(exc)
    if code == TYPER_INTERRUPTED:
        _interrupted()
    # Outside standalone mode Typer returns the code of a raised typer.Exit instead of raising it
    # (e.g. `audit verify` on a broken chain): pass it on to the shell.
    if isinstance(code, int) and code:
        raise SystemExit(code)


TYPER_INTERRUPTED = 130  # what Typer returns for Ctrl-C inside a command (it turns KeyboardInterrupt into Exit(130))


def _interrupted() -> None:
    console.print("已中断，未完成的操作没有写入。", highlight=False)
    raise SystemExit(1)
