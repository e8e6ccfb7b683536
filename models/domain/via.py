"""How an action reached the engine and how its person was authenticated: recorded on every audit entry the
action writes, so the log says not only who but through which door (web, api, cli, meeting, prefect)."""
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

Channel = Literal["web", "api", "cli", "meeting", "prefect"]
# password: signed in with a password; token: a bearer token from a password sign-in; personal_token: a personal
# access token; oidc: single sign-on; operator: the office operator at the server's shell; schedule: Prefect
Method = Literal["password", "token", "personal_token", "oidc", "operator", "schedule"]
REAUTH_WINDOW_SECONDS = 300  # a signature's re-authentication counts this long


class Via(BaseModel):
    channel: Channel
    method: Method
    os_user: str | None = None  # at the shell: the operating-system user beside --as
    address: str | None = None  # the client's address, for web and api

    def recorded(self) -> dict:
        return self.model_dump(exclude_none=True)


class SignatureProof(BaseModel):
    """The signer authenticated again at the moment of signing (password, or a fresh single sign-on)."""

    method: Literal["password", "oidc"]
    at: datetime
