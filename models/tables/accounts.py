"""Accounts: one per person in the directory. Passwords as Argon2id hashes, tokens (activation links, personal
access tokens) as sha256 of the secret shown once, and every sign-in, failure, lock and token use as an event."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.domain.clock import utcnow
from models.tables.base import Base
from models.tables.organisation import Person

ACTIVATION, PERSONAL = "activation", "personal"


class Account(Base):
    __tablename__ = "account"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # None: not activated, or sign-on only
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # bearer tokens issued before this are void: a new password or a disabled account ends every session
    credentials_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(lazy="joined")


class AccountToken(Base):
    """A secret handed to a person once: an activation link, or a personal access token for integrations."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # activation / personal
    label: Mapped[str] = mapped_column(String(100), default="")
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the secret
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()  # activation: once; personal: last use
    revoked_at: Mapped[datetime | None] = mapped_column()

    person: Mapped[Person] = relationship(lazy="joined")


class AuthEvent(Base):
    """Sign-ins, failures, locks, token uses, password and account changes: read to throttle and to audit."""

    __tablename__ = "auth_event"
    __table_args__ = (Index("ix_auth_event_login_at", "login", "at"), Index("ix_auth_event_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    login: Mapped[str] = mapped_column(String(100), default="")  # the name as typed
    address: Mapped[str] = mapped_column(String(100), default="")  # the client's address; "" at the shell
    channel: Mapped[str] = mapped_column(String(10))  # web / api / cli
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
