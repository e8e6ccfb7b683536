"""`rectiflow warm status|stop`: the warm-start server that answers this user's commands (rectiflow/warm)."""
import os
import signal
import time

import typer

from rectiflow.cli.context import console
from rectiflow.warm import place, served

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="warm", help="常驻进程：预先载入程序，让每条命令立即响应")


@app.command("status")
def status():
    """本条命令是否由常驻进程执行，常驻进程运行了多久、处理了多少条命令。"""
    server = served.server
    if server is None:
        console.print("本条命令在独立进程中执行：" + _why_not(), highlight=False)
        return
    console.print(f"常驻进程 {server.pid} 已运行 {_minutes(time.time() - server.started)}，已处理 {server.commands} 条命令"
                  f"（含本条）；空闲 {_minutes(server.idle_seconds)}后自动退出，程序文件有变化时也会退出。", highlight=False)


@app.command("stop")
def stop():
    """停止常驻进程（下一条命令会在独立进程中执行，并重新启动常驻进程）。"""
    server = served.server
    if server is None:
        console.print("没有常驻进程在运行。", highlight=False)
        return
    os.kill(server.pid, signal.SIGTERM)
    console.print(f"已停止常驻进程 {server.pid}。", highlight=False)


def _why_not() -> str:
    if not place.wanted():
        return "已关闭常驻进程（RECTIFLOW_WARM_START=off）。"
    if not place.private(place.socket_path().parent):
        return f"常驻进程目录 {place.socket_path().parent} 不是本用户独有的目录（不存在、是链接或他人可以进入），不使用常驻进程。"
    return "常驻进程尚未启动或刚刚退出，本条命令结束后会启动。"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} 分钟" if seconds >= 60 else f"{seconds:.0f} 秒"
