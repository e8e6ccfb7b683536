"""Sign-off and a real Prefect server with `rectiflow serve`: Prefect lists what waits, but offers no door to
sign — its UI knows nobody, so no deployment takes a person who acts, and the engine refuses a decision that
comes through Prefect."""
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

    def deployments(self):
        async def read(client):
            from prefect.client.schemas.filters import DeploymentFilter

            return await client.read_deployments(deployment_filter=DeploymentFilter(), limit=200)
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


def test_prefect_offers_no_door_to_sign_and_lists_what_waits(prefect_server, tmp_path):
    from deploy.migrate import upgrade

    sqlite_url = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade(sqlite_url)  # as `rectiflow init` does: serve checks the schema is current
    build_world(sqlite_url, items=2)
    decided, waiting = (closing_request(sqlite_url, i) for i in (1, 2))
    perform_decision(sqlite_url, DecisionCommand(request_id=decided, decision="approve", actor="组长"))
    env = {**os.environ, "PREFECT_API_URL": prefect_server, "RECTIFLOW_DATABASE_URL": sqlite_url,
           "RECTIFLOW_HOME": str(tmp_path / "home"), "PREFECT_RUNNER_POLL_FREQUENCY": "1",
           "PREFECT_HOME": str(tmp_path / "prefect-client")}
    log = open(tmp_path / "serve.log", "w")
    serve = subprocess.Popen([str(Path(sys.executable).parent / "rectiflow"), "serve"], env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
    api = PrefectApi(prefect_server)
    try:
        name = "publish-pending-signoffs/publish-pending-signoffs"
        wait_until(lambda: serve.poll() is not None or api.deployment_id(name), 120, "rectiflow serve's deployments")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        for deployment in api.deployments():  # no form in Prefect's UI names a person who acts
            fields = set(deployment.parameter_openapi_schema.get("properties", {}))
            assert not fields & {"approver", "actor", "form", "command", "on_behalf_of"}, deployment.name
        assert api.deployment_id("decide-signoff/decide-signoff") is None

        published = api.start_run(name, {})
        assert api.final_state(published).type.value == "COMPLETED"
        listed = [row.get("审批申请") for row in _rows(api.artifact("pending-signoffs"))]
        assert listed == [waiting]  # the decided one gone, the one still waiting shown
    finally:
        stop_group(serve)
        log.close()


def test_a_decision_that_comes_through_prefect_is_refused(sqlite_url):
    from models.domain.refusals import NotYourRole
    from models.domain.via import Via

    build_world(sqlite_url, items=1)
    request = closing_request(sqlite_url, 1)
    with pytest.raises(NotYourRole, match="不能通过 Prefect 签署审批"):
        perform_decision(sqlite_url, DecisionCommand(request_id=request, decision="approve", actor="组长"),
                         Via(channel="prefect", method="schedule"))
    assert item_state(sqlite_url, 1) is State.verified


def _rows(data):
    import json

    return json.loads(data) if isinstance(data, str) else data
