"""Rendering an outbox row's message from its event template (Chinese, Markdown).

Everything a template shows from the data is inert text: on one line (a reason cannot add a line that
poses as part of the message, such as an approval command), and with the few characters that make Markdown
or HTML live — < > [ ] | ` — replaced by their full-width forms, which read the same to a Chinese reader in
every channel (email's HTML, DingTalk's Markdown, WeCom's and Feishu's text). Only the templates' own
words carry markup."""
import re
from datetime import date, datetime
from functools import lru_cache

from jinja2 import Environment, PackageLoader

from models.domain.checkpoint_note import find_checkpoints
from models.domain.chinese_dates import cn_date, cn_datetime
from models.domain.text import one_line

_INERT = str.maketrans({"<": "＜", ">": "＞", "[": "［", "]": "］", "|": "｜", "`": "｀"})


class Verbatim(str):
    """Text the templates show as it is, line breaks kept: only what `checkpoint_block` rebuilt itself."""


def inert(value):
    """What a template variable shows: numbers as they are, anything else as inert text."""
    if value is None or isinstance(value, (int, float, Verbatim)):
        return value
    return one_line(str(value)).translate(_INERT)


def checkpoint_block(value: str | None) -> Verbatim:
    """A signed checkpoint of the audit chain, written out again from what was parsed (so nothing else can pass
    through), for a code block; empty when the value holds none."""
    return Verbatim("".join(signed.text for signed in find_checkpoints(value or "")).rstrip("\n"))


def _cn_date(value: str | None, original_text: str | None = None) -> str:
    """A stored ISO date as Chinese readers write it; with no date, the ledger's own words (or 未定)."""
    return cn_date(date.fromisoformat(value)) if value else original_text or "未定"


@lru_cache(maxsize=4)
def environment(timezone: str) -> Environment:
    # auto_reload off: the templates ship with the code (a process running old code is a restart's business, and
    # the warm-start server's), and checking each one's file on every message was a tenth of a dispatch's time
    env = Environment(loader=PackageLoader("notifications", "templates"), finalize=inert, auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, autoescape=False, keep_trailing_newline=False)
    env.filters.update(cn_date=_cn_date, checkpoint_block=checkpoint_block,
                       local_time=lambda value: cn_datetime(datetime.fromisoformat(value), timezone))
    return env


def render(event: str, context: dict, timezone: str = "Asia/Shanghai", public_url: str | None = None
           ) -> tuple[str, str]:
    """(title, markdown body) for one message: a template's first line is its title. With the portal's address
    (RECTIFLOW_PUBLIC_URL), the message links to the item's or the request's page — a page to open behind sign-in,
    never a link that acts by being opened (mail scanners open links)."""
    portal = public_url.rstrip("/") if public_url else None
    text = environment(timezone).get_template(f"{event}.md.j2").render({**context, "portal": portal}).strip()
    title, _, body = text.partition("\n")
    return title.strip(), re.sub(r"\n{3,}", "\n\n", body.strip())
