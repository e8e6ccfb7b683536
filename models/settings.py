"""Settings: environment variables prefixed RECTIFLOW_, or a .env file in the working directory."""
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RECTIFLOW_", env_file=".env", extra="ignore")

    home: Path = Field(Path(".rectiflow"), description="Where the embedded default keeps its files")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: a SQLite file under home")
    data_dir: Path | None = Field(None, description="Evidence files, stored by sha256; default: home/data")
    timezone: str = Field("Asia/Shanghai", description="Time zone for dates users see")
    notify_fallback_url: str | None = Field(
        None, description="apprise URL for people without addresses; default: the local sink home/messages.log")
    notify_max_attempts: int = Field(8, ge=1, description="Delivery attempts before a message is given up")
    notify_backoff_seconds: float = Field(60, gt=0, description="First retry delay; doubles per attempt")
    notify_timeout_seconds: float = Field(10, gt=0, description="Connect/read timeout per delivery")
    notify_batch_size: int = Field(200, ge=1, description="Outbox rows one dispatcher claims at a time")
    notify_concurrency: int = Field(8, ge=1, le=64, description="Messages one dispatcher sends at once")
    notify_poll_seconds: float = Field(5, gt=0, description="How often a running server (web, serve) looks for "
                                                            "messages due, when it has none to send")
    notify_allow_hosts: str = Field("", description="Hosts on this network that json:// form:// xml:// webhook "
                                                    "addresses may post to (comma-separated); others are refused")
    quiet_start: int = Field(20, ge=0, le=23, description="Quiet hours start (local hour): reminders wait")
    quiet_end: int = Field(8, ge=0, le=23, description="Quiet hours end (local hour): held reminders go out")
    remind_cron: str = Field("0 9 * * *", description="When the daily reminders run (skipped on non-working days)")
    followup_cron: str = Field("30 9 * * 1", description="When the follow-up checks (回头看) run (skipped on "
                                                        "non-working days; a missed one is sent at the next run)")
    collect_inbox: Path | None = Field(None, description="Drop folder for filled weekly forms; default: home/inbox")
    public_url: str = Field("http://127.0.0.1:8000", description="The portal's address as people reach it: links "
                                                                 "in messages (activation, items, requests)")
    session_hours: float = Field(8, gt=0, description="How long a sign-in (portal session or API bearer token) lasts")
    invite_hours: float = Field(72, gt=0, description="How long an activation link stays valid")
    oidc_issuer: str | None = Field(None, description="Single sign-on: the OpenID Connect issuer URL (unset: "
                                                      "passwords only)")
    oidc_client_id: str | None = Field(None, description="Single sign-on: this application's client id")
    oidc_client_secret: str | None = Field(None, description="Single sign-on: this application's client secret")
    oidc_claim: str = Field("preferred_username", description="Single sign-on: the ID token claim holding the "
                                                              "person's name as the directory spells it")
    audit_key_file: Path | None = Field(None, description="Key that signs the audit chain's checkpoints (made by "
                                                          "init, mode 0600); default: home/audit-signing.key")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    @cached_property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'rectiflow.db').resolve()}"

    @cached_property
    def evidence_dir(self) -> Path:
        return (self.data_dir or self.home / "data").resolve()

    @cached_property
    def keys_dir(self) -> Path:
        """Secrets made at init (mode 0600), outside the database: the session key."""
        return (self.data_dir or self.home / "data").resolve() / "keys"

    @cached_property
    def inbox(self) -> Path:
        return (self.collect_inbox or self.home / "inbox").resolve()

    @cached_property
    def audit_key_path(self) -> Path:
        return (self.audit_key_file or self.home / "audit-signing.key").resolve()

    @cached_property
    def checkpoint_dir(self) -> Path:
        """Every checkpoint published, one file per chain size."""
        return self.evidence_dir / "checkpoints"

    @cached_property
    def sink_path(self) -> Path:
        return (self.home / "messages.log").resolve()

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
