"""The trail of sign-ins: every success, failure, lock, token use and account change, as an auth_event row."""
from datetime import datetime

from sqlalchemy.orm import Session

from models.domain.text import clean_text
from models.tables.accounts import AuthEvent

SIGNED_IN, SIGN_IN_FAILED, LOCKED, THROTTLED = "signed_in", "sign_in_failed", "locked", "throttled"
TOKEN_USED, TOKEN_REFUSED, TOKEN_CREATED, TOKEN_REVOKED = "token_used", "token_refused", "token_created", "token_revoked"
REAUTHENTICATED, REAUTH_FAILED = "reauthenticated", "reauth_failed"
INVITED, ACTIVATED, PASSWORD_SET, DISABLED, ENABLED = "invited", "activated", "password_set", "disabled", "enabled"
SSO_SIGNED_IN, SSO_REFUSED = "sso_signed_in", "sso_refused"


def record(session: Session, kind: str, *, at: datetime, channel: str, person_id: int | None = None,
           login: str = "", address: str | None = None, **detail) -> None:
    session.add(AuthEvent(at=at, kind=kind, person_id=person_id, login=clean_text(login)[:100],
                          address=clean_text(address or "")[:100],
                          channel=channel, detail=detail))
