"""Rendering an outbox row's message from its event template (Chinese, Markdown)."""
import re
from datetime import date, datetime
from functools import lru_cache

from jinja2 import Environment, PackageLoader

from models.domain.chinese_dates import cn_date, cn_datetime


def _cn_date(value: str | None, original_text: str | None = None) -> str:
    """A stored ISO date as Chinese readers write it; with no date, the ledger's own words (or 未定)."""
    return cn_date(date.fromisoformat(value)) if value else original_text or "未定"


@lru_cache(maxsize=4)
def environment(timezone: str) -> Environment:
    env = Environment(loader=PackageLoader("notifications", "templates"),
                      trim_blocks=True, lstrip_blocks=True, autoescape=False, keep_trailing_newline=False)
    env.filters.update(cn_date=_cn_date,
                       local_time=lambda value: cn_datetime(datetime.fromisoformat(value), timezone))
    return env


def render(event: str, context: dict, timezone: str = "Asia/Shanghai") -> tuple[str, str]:
    """(title, markdown body) for one message: a template's first line is its title."""
    text = environment(timezone).get_template(f"{event}.md.j2").render(context).strip()
    title, _, body = text.partition("\n")
    return title.strip(), re.sub(r"\n{3,}", "\n\n", body.strip())
