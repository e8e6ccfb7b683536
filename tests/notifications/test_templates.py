"""Every event that sends messages has its Chinese template, and it renders."""
from pathlib import Path

import pytest

from models.domain.events import MESSAGE_EVENTS
from notifications.render import render

TEMPLATES = Path(__file__).parents[2] / "notifications" / "templates"


@pytest.mark.parametrize("event", sorted(MESSAGE_EVENTS))
def test_every_message_event_has_a_template_that_renders(event):
    assert (TEMPLATES / f"{event}.md.j2").is_file()
    title, body = render(event, {"items": [], "aspects": [{"aspect": "方面", "counts": {}, "total": 0}], "units": [],
                                 "transitions": [], "due_soon": [], "overdue": []})
    assert title and any("\u4e00" <= ch <= "\u9fff" for ch in title)
