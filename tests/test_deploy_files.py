"""deploy/: every deployment in prefect.yaml points at a real flow with a schedule in a time zone; compose.yaml would
start cleanly — judged from the files, since no Docker engine runs here (tests/integration/test_province_mode.py runs
the same start-up order with real processes): a data directory that exists and belongs to the containers' user, a
health check on every service that keeps running and a condition on every dependency, a .dockerignore, the Prefect
UI reachable as configured and behind a login, workers that check the schema, settings Rectiflow reads."""
import importlib
import re
from pathlib import Path

import pytest
import yaml

from models.settings import Settings

ROOT = Path(__file__).parents[1]
DEPLOY = ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
ONE_SHOT = {"deployer", "app"}  # they run and exit: completion, not health, is what others wait for
APP_SERVICES = {name for name, s in SERVICES.items() if "build" in s}


@pytest.mark.prefect  # imports the flows
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
    known = {f"RECTIFLOW_{name.upper()}" for name in Settings.model_fields}
    for name in APP_SERVICES:
        passed = {key for key in SERVICES[name]["environment"] if key.startswith("RECTIFLOW_")}
        assert passed and passed <= known, (name, passed - known)


def test_every_running_service_has_a_health_check_and_every_dependency_a_condition():
    assert {"postgres", "prefect-server", "deployer", "worker", "app"} <= set(SERVICES)
    for name, service in SERVICES.items():
        if name not in ONE_SHOT:
            assert service["healthcheck"]["test"], name
        depends = service.get("depends_on", {})
        assert isinstance(depends, dict), f"{name}: depends_on without conditions starts before it is ready"
        for other, rule in depends.items():
            wanted = "service_completed_successfully" if other in ONE_SHOT else "service_healthy"
            assert rule == {"condition": wanted}, (name, other)
    assert SERVICES["deployer"]["depends_on"]["prefect-server"] == {"condition": "service_healthy"}
    assert SERVICES["worker"]["depends_on"]["deployer"] == {"condition": "service_completed_successfully"}


def test_the_deployer_waits_and_workers_check_the_schema_and_report_their_health():
    assert SERVICES["deployer"]["command"].startswith("rectiflow deploy --wait ")
    assert SERVICES["worker"]["command"].startswith("rectiflow worker ")  # refuses a schema not its code's
    import inspect

    from deploy.bootstrap import exec_worker  # starts `prefect worker start … --with-healthcheck`

    assert "--with-healthcheck" in inspect.getsource(exec_worker)
    worker_port = 8080  # Prefect's PREFECT_WORKER_WEBSERVER_PORT default, which the health server listens on
    assert f"127.0.0.1:{worker_port}/health" in " ".join(SERVICES["worker"]["healthcheck"]["test"])


def test_the_data_directory_exists_and_belongs_to_the_containers_user():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    run = dockerfile.index("RUN ")
    user = dockerfile.index("USER rectiflow")
    assert re.search(r"mkdir -p /data", dockerfile[run:user]) and re.search(r"chown -R rectiflow [^\n]*/data",
                                                                          dockerfile[run:user])
    assert "RECTIFLOW_HOME=/data" in dockerfile
    for name in APP_SERVICES:
        assert "data:/data" in SERVICES[name].get("volumes", []), name
        assert SERVICES[name]["environment"]["RECTIFLOW_HOME"] == "/data"


def test_the_image_leaves_out_environments_databases_and_secrets():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".rectiflow", ".env", "*.key"} <= set(ignored)


def test_the_prefect_ui_is_reachable_as_configured_and_behind_a_login():
    server = SERVICES["prefect-server"]
    assert server["environment"]["PREFECT_UI_API_URL"].startswith("${PREFECT_UI_API_URL:-")
    auth = server["environment"]["PREFECT_SERVER_API_AUTH_STRING"]
    assert auth.startswith("${PREFECT_AUTH_STRING:?")  # compose refuses to start without one
    assert server["ports"] == ["${PREFECT_UI_BIND:-127.0.0.1}:4200:4200"]
    for name in APP_SERVICES:
        assert SERVICES[name]["environment"]["PREFECT_API_AUTH_STRING"] == auth, name


def test_the_application_uses_its_own_database_role_and_only_the_deployer_migrates():
    owner = SERVICES["deployer"]["environment"]["RECTIFLOW_DATABASE_URL"]
    assert owner.startswith("postgresql://rectiflow:")
    for name in ("worker", "app"):
        assert SERVICES[name]["environment"]["RECTIFLOW_DATABASE_URL"].startswith("postgresql://rectiflow_worker:")
    init = (DEPLOY / "postgres-init.sh").read_text(encoding="utf-8")
    assert "CREATE ROLE rectiflow_worker LOGIN PASSWORD :'app_password' IN ROLE rectiflow_app;" in init
    assert "./postgres-init.sh:/docker-entrypoint-initdb.d/rectiflow.sh:ro" in SERVICES["postgres"]["volumes"]
