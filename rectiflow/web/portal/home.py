"""我的待办: what the person signed in has to do now — items, sign-offs waiting on them, the week's progress form,
the messages they received — with the counts on top."""
from fastapi import APIRouter, Depends, Request

from models.collection.online_form import asked_forms
from models.domain.answers import MISSING
from models.domain.clock import utcnow
from models.queries.inbox import ReceivedMessage, inbox
from notifications.render import render as render_message
from rectiflow.web.caller import Caller
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)


def message_title(message: ReceivedMessage, zone: str) -> str:
    """The title the person read in their message (its template's first line)."""
    try:
        return render_message(message.event, message.context, zone)[0]
    except Exception:  # noqa: BLE001 — an old message whose template has changed still shows, by its kind
        return message.event_label


@router.get("/")
def home(request: Request, who: Caller = Depends(signed_in)):
    db_url, zone = who.context.db_url, who.context.settings.timezone
    todo = inbox(db_url, who.reader.person_id, who.today())
    forms = asked_forms(db_url, who.reader.person_id, utcnow(), open_only=True)
    counts = [("待办事项", todo.items_total), ("红灯", todo.items_red),
              ("待我审批", todo.requests_total), ("待报送周进展", sum(f.status == MISSING for f in forms)),
              ("收到的提醒", len(todo.messages))]
    titles = {m.id: message_title(m, zone) for m in todo.messages}
    return render(request, "home.html", who, todo=todo, forms=forms, counts=counts, titles=titles, now=utcnow())
