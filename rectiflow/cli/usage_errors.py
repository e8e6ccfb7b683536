"""The command line's own errors, in Chinese: Click's usage errors (the vendored copy in Typer, or Click itself)
said again by kind — a missing option, an unknown one, a value that does not fit — with where to find help; and the
help screens' fixed words. Exit code 2, as Click's."""
import sys

from pydantic import ValidationError

from models.domain.problems import validation_message


def _name(param) -> str:
    if param is None:
        return "参数"
    if getattr(param, "param_type_name", "") == "option":
        return " / ".join(param.opts)
    return str(getattr(param, "metavar", None) or getattr(param, "name", None) or "参数").upper()


def _bad_value(exc) -> str:
    cause = exc.__cause__
    if isinstance(cause, ValidationError):
        return "；".join(validation_message(e) for e in cause.errors())
    message = str(getattr(exc, "message", "") or "")
    return message if any("\u4e00" <= ch <= "\u9fff" for ch in message) else "取值不合要求"


def chinese_usage_error(exc) -> str:
    """The usage error `exc` as one Chinese sentence."""
    try:
        return _said(exc)
    except Exception:  # an error of a shape not met yet: still a Chinese sentence, never a traceback
        return "命令行有误"


def _said(exc) -> str:
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        also = f"（可能是：{'、'.join(sorted(exc.possibilities))}）" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{also}"
    if kind == "MissingParameter":
        what = "选项" if getattr(exc.param, "param_type_name", exc.param_type) == "option" else "参数"
        return f"缺少{what} {_name(exc.param)}"
    if kind == "BadParameter":
        return f"{_name(exc.param) + ' 的值' if exc.param is not None else '取值'}不对：{_bad_value(exc)}"
    if kind == "BadOptionUsage":
        if "requires an argument" in exc.message:
            return f"选项 {exc.option_name} 后面需要一个值"
        if "does not take a value" in exc.message:
            return f"选项 {exc.option_name} 不需要值"
        return f"选项 {exc.option_name} 用法不对"
    message = str(getattr(exc, "message", ""))
    if message.startswith("No such command"):
        return f"没有命令「{message.split(chr(39))[1] if chr(39) in message else message}」"
    if message.startswith("Got unexpected extra argument"):
        return f"多余的参数：{message[message.rfind('(') + 1:message.rfind(')')]}"
    return "命令行有误"


def help_hint(exc) -> str:
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "rectiflow"
    return f"查看用法：{path} --help"


def chinese_help_screens() -> None:
    """The fixed words of Typer's help screens (panel titles, "required", the help option) in Chinese."""
    import typer._click.decorators as decorators
    import typer._click.formatting as formatting
    import typer.rich_utils as rich

    rich.ARGUMENTS_PANEL_TITLE, rich.OPTIONS_PANEL_TITLE, rich.COMMANDS_PANEL_TITLE = "参数", "选项", "命令"
    rich.ERRORS_PANEL_TITLE, rich.ABORTED_TEXT = "错误", "已中断。"
    rich.REQUIRED_LONG_STRING, rich.DEFAULT_STRING, rich.ENVVAR_STRING = "[必填]", "[默认：{}]", "[环境变量：{}]"
    rich.DEPRECATED_STRING, rich.RICH_HELP = "（已停用）", "查看用法：[blue]{command_path} {help_option}[/]"
    if rich.MAX_WIDTH is None and not sys.stdout.isatty():
        rich.MAX_WIDTH = 160  # piped help: wide enough for the Chinese descriptions (80 columns cut them)
    write_usage = formatting.HelpFormatter.write_usage
    if not getattr(write_usage, "chinese", False):
        def chinese_usage(self, prog, args="", prefix=None):
            return write_usage(self, prog, args, "用法：" if prefix is None else prefix)
        chinese_usage.chinese = True
        formatting.HelpFormatter.write_usage = chinese_usage
    help_option = decorators.help_option
    if not getattr(help_option, "chinese", False):
        def chinese_help_option(param_decls):
            add = help_option(param_decls)

            def decorate(command):
                command = add(command)
                command.params[-1].help = "显示本帮助并退出"
                return command
            return decorate
        chinese_help_option.chinese = True
        decorators.help_option = chinese_help_option
