"""Who is acting in a request — the API's bearer or the portal's session alike: the person as authenticated, what
they may read, and how they came (recorded on every audit entry they cause)."""
from dataclasses import dataclass
from datetime import date, datetime

from models.domain.via import Via
from models.identity.identity import Identity
from models.queries.readers import Reader, reader
from rectiflow.web.context import WebContext

_VIA_METHOD = {"password": "token", "oidc": "oidc", "personal_token": "personal_token"}


@dataclass(frozen=True)
class Caller:
    identity: Identity
    reader: Reader
    via: Via
    context: WebContext

    @property
    def actor(self) -> str:
        return self.identity.actor

    def today(self) -> date:
        """Today in the office's time zone: what deadlines and lights are measured against."""
        return datetime.now(self.context.settings.zone).date()


def caller_for(context: WebContext, identity: Identity, channel: str, address: str | None) -> Caller:
    method = identity.method if channel == "web" else _VIA_METHOD.get(identity.method, "token")
    return Caller(identity, reader(context.db_url, identity.person_id),
                  Via(channel=channel, method=method, address=address), context)
