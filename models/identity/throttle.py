"""Sign-in throttling: after too many failures an account is locked for a while, and an address that fails
against many accounts is refused for a while — each with a message that says until when."""
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.domain.chinese_dates import cn_datetime
from models.domain.refusals import TooManyAttempts
from models.identity.events import REAUTH_FAILED, SIGN_IN_FAILED
from models.tables.accounts import Account, AuthEvent

WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5  # failures on one account within the window lock it
LOCK_FOR = timedelta(minutes=15)
ADDRESS_FAILURES = 20  # failures from one address within the window, on any accounts


def refuse_if_locked(account: Account | None, now: datetime, zone: str) -> None:
    if account is not None and account.locked_until is not None and account.locked_until > now:
        raise TooManyAttempts(f"登录失败次数过多，账户已暂时锁定，请于 {cn_datetime(account.locked_until, zone)} 后再试，"
                              f"或请整改办重置密码")


def refuse_if_address_throttled(session: Session, address: str | None, now: datetime, zone: str) -> None:
    if not address:
        return
    failures = session.scalar(select(func.count()).select_from(AuthEvent).where(
        AuthEvent.address == address, AuthEvent.kind.in_((SIGN_IN_FAILED, REAUTH_FAILED)), AuthEvent.at > now - WINDOW))
    if failures >= ADDRESS_FAILURES:
        raise TooManyAttempts(f"来自本机地址的登录失败次数过多，请于 {cn_datetime(now + WINDOW, zone)} 后再试")


def lock_if_too_many(session: Session, account: Account, now: datetime) -> bool:
    """After a failure: lock the account when the window holds enough failures. True when it was locked now."""
    failures = session.scalar(select(func.count()).select_from(AuthEvent).where(
        AuthEvent.person_id == account.person_id, AuthEvent.kind.in_((SIGN_IN_FAILED, REAUTH_FAILED)),
        AuthEvent.at > max(now - WINDOW, account.credentials_changed_at)))
    if failures >= ACCOUNT_FAILURES:
        account.locked_until = now + LOCK_FOR
        return True
    return False
