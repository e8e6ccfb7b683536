"""`rectiflow deploy` and `rectiflow worker`: what a province installation's containers run (deploy/compose.yaml)."""
import os

import typer

from rectiflow.cli.context import console, ready_db, state

POOL = typer.Option("rectiflow", "--pool", help="Prefect 工作池名称")


def register(root: typer.Typer) -> None:
    root.command("deploy")(deploy)
    root.command("worker")(worker)


def _api_url() -> str:
    from models.domain.refusals import InvalidInput

    url = os.environ.get("PREFECT_API_URL")
    if not url:
        raise InvalidInput("没有设置 PREFECT_API_URL（Prefect 服务器地址，如 http://prefect-server:4200/api）")
    return url


def deploy(pool: str = POOL, wait: int = typer.Option(300, "--wait", min=1, help="最多等待数据库和 Prefect 服务器多少秒")):
    """部署（一次性）：等待数据库就绪后迁移数据库结构、生成审计签名密钥，等待 Prefect 服务器就绪后创建工作池并部署全部流程。"""
    from deploy.bootstrap import database_problem, deploy_flows, wait_until_ready
    from rectiflow.cli.setup import init

    api_url = _api_url()

    def say(text: str) -> None:
        console.print(text, highlight=False)

    wait_until_ready(lambda: database_problem(state.db_url), "数据库", wait, say)
    init()
    deploy_flows(api_url, pool, wait, say, state.settings.home / "deploy.log")
    console.print(f"已部署全部流程到工作池 {pool}（Prefect：{api_url}）；现在可以启动 rectiflow worker。", highlight=False)


def worker(pool: str = POOL, limit: int = typer.Option(None, "--limit", min=1, help="同时运行的流程数上限")):
    """启动 Prefect worker（带健康检查）：先确认数据库结构与本程序一致，否则拒绝启动并说明原因。"""
    from deploy.bootstrap import exec_worker

    ready_db()
    _api_url()
    console.print(f"数据库结构与本程序一致；启动工作池 {pool} 的 worker…", highlight=False)
    exec_worker(pool, limit)
