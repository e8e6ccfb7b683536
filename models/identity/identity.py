"""A person as authenticated for one request."""
from dataclasses import dataclass
from datetime import datetime

from models.domain.via import Method


@dataclass(frozen=True)
class Identity:
    person_id: int
    name: str
    method: Method  # how this request was authenticated
    authenticated_at: datetime  # when the person last proved who they are (a password, a fresh sign-on)

    @property
    def actor(self) -> str:
        """The engine's reference to the person: by id, so a renamed person stays the same actor."""
        return f"#{self.person_id}"
