"""The dispatcher's configuration, taken from the application's settings."""
from models.domain.addresses import allowed_hosts, form_problem
from models.domain.refusals import InvalidInput
from models.settings import Settings
from notifications.dispatcher import DispatchConfig


def dispatch_config(settings: Settings | None = None) -> DispatchConfig:
    settings = settings or Settings()
    problem = form_problem(settings.notify_fallback_url or "")
    if problem:
        raise InvalidInput(f"RECTIFLOW_NOTIFY_FALLBACK_URL 的写法不对：{problem}")
    return DispatchConfig(
        db_url=settings.db_url, fallback_url=settings.notify_fallback_url, sink_path=str(settings.sink_path),
        timezone=settings.timezone, timeout_seconds=settings.notify_timeout_seconds,
        max_attempts=settings.notify_max_attempts, backoff_seconds=settings.notify_backoff_seconds,
        batch_size=settings.notify_batch_size, allowed_hosts=allowed_hosts(settings.notify_allow_hosts),
        concurrency=settings.notify_concurrency, public_url=settings.public_url,
    )
