"""Sign-off through a real Prefect server and `rectiflow serve`: decided in Prefect as the UI does it, the item
transitions; decided by the CLI, the Prefect side of the same request is closed."""
import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prefect_server import stop_group, wait_until
from steps import act, bring_to, item_state
from world import build_world

from models.domain.commands import DecisionCommand
from models.domain.vocabulary import State
from models.engine.operations import perform_decision

pytestmark = pytest.mark.prefect
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def closing_request(db_url, item_id):
    bring_to(db_url, item_id, State.verified)
    return act(db_url, item_id, "close", "整改办甲").request_id


class PrefectApi:
    """What the Prefect UI does, through the same API."""

    def __init__(self, api_url, auth_string=None):
        self.api_url, self.auth_string = api_url, auth_string

    def _call(self, work):
        from prefect.client.orchestration import get_client
        from prefect.settings import temporary_settings

        async def run():
            with temporary_settings(updates={"api.url": self.api_url, "api.auth_string": self.auth_string}):
                async with get_client() as client:
                    return await work(client)

        return asyncio.run(run())

    def deployment_id(self, name):
        async def read(client):
            try:
                return (await client.read_deployment_by_name(name)).id
            except Exception:
                return None
        return self._call(read)

    def start_run(self, deployment, parameters):
        deployment_id = self.deployment_id(deployment)
        return self._call(lambda client: client.create_flow_run_from_deployment(deployment_id, parameters=parameters)).id

    def final_state(self, run_id):
        async def read(client):
            state = (await client.read_flow_run(run_id)).state
            return state if state and state.type.value in FINAL else None
        return wait_until(lambda: self._call(read), 180, f"flow run {run_id}")

    def artifact(self, key):
        async def read(client):
            from prefect.client.schemas.filters import (
                ArtifactCollectionFilter,
                ArtifactCollectionFilterKey,
                FlowRunFilter,
                TaskRunFilter,
            )
            from prefect.client.schemas.sorting import ArtifactCollectionSort

            # explicit values rather than the nulls the client would send (refused by FastAPI >= 0.151)
            found = await client.read_latest_artifacts(
                artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=[key])),
                flow_run_filter=FlowRunFilter(), task_run_filter=TaskRunFilter(),
                sort=ArtifactCollectionSort.UPDATED_DESC, limit=1)
            return found[0].data if found else None
        return self._call(read)


def test_signoff_decided_in_prefect_and_by_cli_stay_one_truth(prefect_server, tmp_path):
    from deploy.migrate import upgrade

    sqlite_url = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade(sqlite_url)  # as `rectiflow init` does: serve checks the schema is current
    build_world(sqlite_url, items=3)
    first, second, waiting = (closing_request(sqlite_url, i) for i in (1, 2, 3))
    env = {**os.environ, "PREFECT_API_URL": prefect_server, "RECTIFLOW_DATABASE_URL": sqlite_url,
           "RECTIFLOW_HOME": str(tmp_path / "home"), "PREFECT_RUNNER_POLL_FREQUENCY": "1",
           "PREFECT_HOME": str(tmp_path / "prefect-client")}
    log = open(tmp_path / "serve.log", "w")
    serve = subprocess.Popen([str(Path(sys.executable).parent / "rectiflow"), "serve"], env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
    api = PrefectApi(prefect_server)
    try:
        wait_until(lambda: serve.poll() is not None or api.deployment_id("decide-signoff/decide-signoff"), 120,
                   "rectiflow serve's deployments")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]

        decided = api.start_run("decide-signoff/decide-signoff",
                                {"form": {"request_id": first, "decision": "approve", "approver": "组长"}})
        assert api.final_state(decided).type.value == "COMPLETED", (tmp_path / "serve.log").read_text()[-3000:]
        assert item_state(sqlite_url, 1) is State.closed

        perform_decision(sqlite_url, DecisionCommand(request_id=second, decision="approve", actor="组长"))
        assert item_state(sqlite_url, 2) is State.closed
        refused = api.start_run("decide-signoff/decide-signoff",
                                {"form": {"request_id": second, "decision": "approve", "approver": "成员甲"}})
        state = api.final_state(refused)
        assert state.type.value == "FAILED" and "已批准" in (state.message or "") + str(state.data or "")

        published = api.start_run("publish-pending-signoffs/publish-pending-signoffs", {})
        assert api.final_state(published).type.value == "COMPLETED"
        listed = [row.get("审批申请") for row in _rows(api.artifact("pending-signoffs"))]
        assert listed == [waiting]  # decided ones gone, the one still waiting shown
    finally:
        stop_group(serve)
        log.close()


def _rows(data):
    import json

    return json.loads(data) if isinstance(data, str) else data
