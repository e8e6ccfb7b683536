"""The whole promise, over real HTTP: `rectiflow web` started as a user starts it, and people with only an
account and an HTTP client (what curl does) list their items, report progress with a file, and sign a close
with their passwords."""
import os
import signal
import socket
import subprocess

import httpx
import pytest
from cli_support import SCRIPT, SEED_LEDGER, SEED_ORG
from prefect_server import free_port, wait_until

PASSWORD = "Zhenggai2026"
SIGNERS = ["黄建平", "李明华", "陈志强", "王建国"]  # the office's verifier, two members, the chair


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_a_person_with_an_account_and_curl_does_their_part(shell, home, tmp_path):
    for args in (("init",), ("org", "import", SEED_ORG), ("import", SEED_LEDGER, "--direct")):
        assert shell(*args).code == 0
    for name in ("吴晓燕", *SIGNERS):
        assert shell("users", "set-password", name, stdin=f"{PASSWORD}\n").code == 0, name
    port = free_port()
    server = subprocess.Popen([str(SCRIPT), "web", "--port", str(port)], env={**os.environ, "RECTIFLOW_HOME": str(home)},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(lambda: server.poll() is not None or _accepts(port), 60, "rectiflow web")
        assert server.poll() is None, server.stdout.read().decode()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1") as curl:
            def login(name):
                answer = curl.post("/auth/token", data={"username": name, "password": PASSWORD})
                return {"Authorization": f"Bearer {answer.json()['access_token']}"}

            liaison = login("吴晓燕")
            mine = curl.get("/items", headers=liaison).json()
            assert mine["total"] >= 1
            assert all("办公室" in (r["lead_unit"], *r["cooperating_units"]) for r in mine["rows"])
            item = next(r["id"] for r in mine["rows"] if r["lead_unit"] == "办公室")
            reported = curl.post(f"/items/{item}/progress", headers=liaison, data={"text": "已完成制度修订"},
                                 files=[("files", ("制度.pdf", b"%PDF-1.7 rules", "application/pdf"))])
            assert reported.status_code == 200, reported.text
            sha = reported.json()["evidence"][0]["sha256"]
            submitted = curl.post(f"/items/{item}/actions", headers=liaison, json={
                "action": "submit", "evidence": [{"sha256": sha, "filename": "制度.pdf"}]}).json()

            verifier, *leading_group = SIGNERS
            decided = curl.post(f"/approvals/{submitted['request_id']}/decision", headers=login(verifier),
                                json={"decision": "approve", "password": PASSWORD})
            assert decided.json()["fired"]["to_state"] == "verified", decided.text
            close = curl.post(f"/items/{item}/actions", headers=login(verifier), json={"action": "close"}).json()
            for signer in leading_group:  # until the policy (领导小组审批) is met
                signed = curl.post(f"/approvals/{close['request_id']}/decision", headers=login(signer),
                                   json={"decision": "approve", "password": PASSWORD})
                assert signed.status_code == 200, signed.text
                if signed.json()["fired"]:
                    break
            assert curl.get(f"/items/{item}", headers=liaison).json()["item"]["state_label"] == "已销号"
            assert curl.get("/openapi.json").json()["info"]["title"].startswith("Rectiflow")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
