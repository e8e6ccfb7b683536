"""Rendering an outbox row's message from its event template (Chinese, Markdown)."""
import re
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader


def _cn_date(value: str | None, original_text: str | None = None) -> str:
    if not value:
        return original_text or "未定"
    day = date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


@lru_cache(maxsize=4)
def environment(timezone: str) -> Environment:
    env = Environment(loader=PackageLoader("notifications", "templates"),
                      trim_blocks=True, lstrip_blocks=True, autoescape=False, keep_trailing_newline=False)
    zone = ZoneInfo(timezone)

    def local_time(value: str) -> str:
        moment = datetime.fromisoformat(value).astimezone(zone)
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"

    env.filters.update(cn_date=_cn_date, local_time=local_time)
    return env


def render(event: str, context: dict, timezone: str = "Asia/Shanghai") -> tuple[str, str]:
    """(title, markdown body) for one message: a template's first line is its title."""
    text = environment(timezone).get_template(f"{event}.md.j2").render(context).strip()
    title, _, body = text.partition("\n")
    return title.strip(), re.sub(r"\n{3,}", "\n\n", body.strip())
