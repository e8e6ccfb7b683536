"""deploy/: every deployment in prefect.yaml points at a real flow with a schedule in a time zone, and the
settings compose.yaml passes are settings Rectiflow reads (a renamed setting would silently be ignored)."""
import importlib
from pathlib import Path

import pytest
import yaml

from models.settings import Settings

DEPLOY = Path(__file__).parents[1] / "deploy"
pytestmark = pytest.mark.prefect  # imports the flows


def test_each_deployment_runs_a_flow_of_the_project_on_a_time_zone_schedule():
    from prefect import Flow

    deployments = yaml.safe_load((DEPLOY / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    names = {d["name"] for d in deployments}
    assert {"collection-open", "collection-close", "daily-reminders", "followup-checks", "dispatch-outbox"} <= names
    for deployment in deployments:
        path, function = deployment["entrypoint"].split(":")
        flow = getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), function)
        assert isinstance(flow, Flow), deployment["name"]
        assert deployment["work_pool"]["name"] == "rectiflow"
        for schedule in deployment.get("schedules", []):
            assert "interval" in schedule or schedule["timezone"] == "Asia/Shanghai", deployment["name"]


def test_compose_passes_only_settings_rectiflow_reads():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert {"postgres", "prefect-server", "deployer", "worker", "app"} <= set(compose["services"])
    known = {f"RECTIFLOW_{name.upper()}" for name in Settings.model_fields}
    passed = {key for key in compose["x-app-env"] if key.startswith("RECTIFLOW_")}
    assert passed and passed <= known, passed - known
    assert compose["services"]["worker"]["environment"] == compose["x-app-env"]
