"""What every request handler shares: the settings, the database, the server's secret."""
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request

from models.settings import Settings


@dataclass(frozen=True)
class WebContext:
    settings: Settings
    db_url: str
    secret: str

    @property
    def session_age(self) -> timedelta:
        return timedelta(hours=self.settings.session_hours)


def web_context(request: Request) -> WebContext:
    return request.app.state.rectiflow


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None
