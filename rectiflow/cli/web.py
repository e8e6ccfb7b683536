"""`rectiflow web`: the API (and the portal) on this machine, served by uvicorn."""
import typer

from rectiflow.cli.context import console, ready_db, state


def register(app: typer.Typer) -> None:
    app.command("web")(web)


def web(host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认仅本机；对外服务请置于反向代理之后）"),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="端口")):
    """启动门户网站和 API（http://HOST:PORT/，API 文档 /api/v1/openapi.json），并随时发送消息队列中到期的消息。"""
    import uvicorn

    from rectiflow.web.app import create_app

    app = create_app(state.settings, ready_db(), deliver=True)
    console.print(f"Rectiflow 已启动：http://{host}:{port}/ （API：/api/v1，按 Ctrl+C 停止）", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
