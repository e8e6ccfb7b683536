"""Calling the API as a person: a bearer token from the password form, as the header a client sends."""
from accounts import PASSWORD
from fastapi.testclient import TestClient


def token(client: TestClient, name: str, password: str = PASSWORD) -> str:
    answer = client.post("/api/v1/auth/token", data={"username": name, "password": password})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def as_(client: TestClient, name: str) -> dict:
    return {"Authorization": f"Bearer {token(client, name)}"}
