"""A command that starts a flow (`notify dispatch` without --direct): with no Prefect server configured it runs the
flow's code in its own process — Prefect is not even loaded, so no temporary Prefect server can start; with a server
configured (the environment or the active Prefect profile) the same flow runs there, tracked."""
import asyncio
import sys

import pytest

# run the installed command's code, then say whether Prefect was ever loaded in that process
REPORTING = ("import atexit, sys; atexit.register(lambda: print('PREFECT LOADED' if 'prefect' in sys.modules else "
             "'PREFECT NOT LOADED', file=sys.stderr)); from rectiflow.cli import main; main()")


def queued(cli) -> int:
    assert cli("act", 1, "start", "--as", "吴晓燕").code == 0
    pending = cli("notify", "list", "--json").json()
    assert pending and {m["status"] for m in pending} == {"pending"}
    return len(pending)


def dispatch_runs(api_url: str) -> int:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.settings import temporary_settings

    async def count():
        async with get_client() as client:
            runs = await client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["dispatch-outbox"])))
            return sum(1 for run in runs if run.state and run.state.is_completed())

    with temporary_settings(updates={"api.url": api_url}):
        return asyncio.run(count())


def test_embedded_default_dispatches_in_process_without_loading_prefect(seeded, shell, home, tmp_path):
    messages = queued(seeded)
    prefect_home = tmp_path / "prefect-home"  # where a temporary Prefect server would keep its database
    sent = shell("notify", "dispatch", script=(sys.executable, "-c", REPORTING),
                 extra_env={"PREFECT_HOME": str(prefect_home)})
    assert sent.code == 0, sent.text
    assert f"已发送 {messages} 条，失败待重试 0 条" in sent.out
    assert "PREFECT NOT LOADED" in sent.err
    assert not list(prefect_home.glob("*.db"))
    assert "收件人: 吴晓燕" in (home / "messages.log").read_text(encoding="utf-8")


@pytest.mark.prefect
@pytest.mark.parametrize("configured_by", ["environment", "profile"])
def test_with_a_prefect_server_configured_dispatch_is_a_tracked_flow_run(seeded, shell, prefect_server, tmp_path,
                                                                          configured_by):
    messages = queued(seeded)
    prefect_home = tmp_path / "prefect-home"
    env = {"PREFECT_HOME": str(prefect_home)}
    if configured_by == "environment":
        env["PREFECT_API_URL"] = prefect_server
    else:  # as `prefect profile create office && prefect config set PREFECT_API_URL=…` leaves it
        prefect_home.mkdir()
        (prefect_home / "profiles.toml").write_text(
            f'active = "office"\n\n[profiles.ephemeral]\n\n[profiles.office]\nPREFECT_API_URL = "{prefect_server}"\n',
            encoding="utf-8")
    before = dispatch_runs(prefect_server)
    sent = shell("notify", "dispatch", timeout=300, extra_env=env)
    assert sent.code == 0, sent.text
    assert f"已发送 {messages} 条，失败待重试 0 条" in sent.out
    assert dispatch_runs(prefect_server) == before + 1
