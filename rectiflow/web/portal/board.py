"""整改台账 board: the ledger filtered (in the URL, so a filtered board can be bookmarked) and paged, its export as
.xlsx, and the office's one-click 催办 on an item or a unit."""
from math import ceil
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from models.domain.commands import ChaseCommand
from models.domain.lights import Light
from models.domain.refusals import InvalidInput, NotYourRole
from models.domain.vocabulary import OPEN_STATES, Role, State
from models.domain.working_days import unknown_calendar_notice
from models.engine.operations import perform_chase
from models.ledger_files.export import export_ledger_file
from models.queries.board_choices import board_choices
from models.queries.item_filter import ItemFilter
from models.queries.items import readable_items
from models.queries.readers import readable
from rectiflow.web.api.params import MAX_ID, Name
from rectiflow.web.caller import Caller
from rectiflow.web.downloads import XLSX, written_file
from rectiflow.web.portal.csrf import check_csrf
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
NOTICE = "board_notice"
FILTERS = ("campaign", "aspect", "unit", "state", "light", "overdue")


def board_filter(campaign: Name = None, aspect: Name = None, unit: Name = None, state: Name = None,
                 light: Name = None, overdue: Name = None) -> ItemFilter:
    """The filters as the board's GET form sends them: an empty field is no filter."""
    try:
        return ItemFilter(campaign=campaign or None, aspect=aspect or None, unit=unit or None,
                          state=State(state) if state else None, light=Light(light) if light else None,
                          overdue=bool(overdue))
    except ValueError:
        raise InvalidInput("筛选条件有误（状态或灯色不在可选范围内），请重新选择") from None


def query_string(wanted: ItemFilter, **extra) -> str:
    """The filters (and `extra`, e.g. the page) as the URL keeps them."""
    values = wanted.model_dump(mode="json")
    values["overdue"] = "1" if wanted.overdue else None
    return urlencode({k: v for k, v in {**{k: values[k] for k in FILTERS}, **extra}.items() if v})


def page_numbers(page: int, pages: int) -> list[int | None]:
    """The first, the last and the two either side of the current page; None where pages are skipped."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@router.get("/items")
def board(request: Request, who: Annotated[Caller, Depends(signed_in)],
          wanted: Annotated[ItemFilter, Depends(board_filter)],
          page: Annotated[int, Query(ge=1, le=MAX_ID)] = 1):
    db_url = who.context.db_url
    listing = readable_items(db_url, who.reader, who.today(), wanted, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, ceil(listing.total / PAGE_SIZE))
    choices = board_choices(db_url, wanted.campaign)
    if not who.reader.whole_ledger:
        choices.units = [who.reader.unit] if who.reader.unit else []
    return render(request, "items.html", who, wanted=wanted, listing=listing, page=page, pages=pages,
                  page_links=[(n, query_string(wanted, page=n) if n else None) for n in page_numbers(page, pages)],
                  previous=query_string(wanted, page=page - 1) if 1 < page <= pages + 1 else None,
                  following=query_string(wanted, page=page + 1) if page < pages else None,
                  choices=choices, states=list(State), lights=list(Light), here=query_string(wanted, page=page),
                  light_labels={light.value: light.label for light in Light},
                  export=query_string(wanted), exportable=bool(wanted.campaign) or len(choices.campaigns) == 1,
                  chases=Role.office in who.reader.roles, open_states={s.value for s in OPEN_STATES},
                  notice=request.session.pop(NOTICE, None),
                  calendar_notice=listing.calendar_unknown and unknown_calendar_notice(listing.calendar_unknown))


@router.get("/items.xlsx")
def export(who: Annotated[Caller, Depends(signed_in)], wanted: Annotated[ItemFilter, Depends(board_filter)]):
    """The board's rows as the ledger .xlsx (the same writer as `rectiflow report ledger`): one campaign at a time."""
    scoped = readable(who.reader, wanted)
    if scoped is None:
        raise NotYourRole("您不属于任何单位，没有可导出的事项")
    if not scoped.campaign and len(board_choices(who.context.db_url).campaigns) != 1:
        raise InvalidInput("台账按整改任务导出：请先在筛选中选择一个整改任务")
    today = who.today()
    return written_file(lambda path: export_ledger_file(who.context.db_url, scoped.campaign, path, today, scoped),
                        f"整改台账_{today.isoformat()}.xlsx", XLSX)


@router.post("/chase", dependencies=[Depends(check_csrf)])
def chase(request: Request, who: Annotated[Caller, Depends(signed_in)],
          item_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
          unit: Annotated[str | None, Form(max_length=200)] = None,
          campaign: Annotated[str | None, Form(max_length=300)] = None,
          note: Annotated[str | None, Form(max_length=2000)] = None,
          back: Annotated[str, Form(max_length=2000)] = ""):
    """催办 (the engine refuses anyone but the office), then back to the board as it was, saying who was told."""
    outcome = perform_chase(who.context.db_url, ChaseCommand(actor=who.actor, item_id=item_id, unit=unit or None,
                                                             campaign=campaign or None, note=note or None), who.via)
    told = "、".join(outcome.told) or "（该单位在组织目录中没有联络员或负责人，消息已转整改办）"
    about = f"事项 #{item_id}" if item_id else f"{len(outcome.items)} 项未办结事项"
    request.session[NOTICE] = f"已催办{outcome.unit}（{about}），已通知：{told}"
    return RedirectResponse("/items?" + back.lstrip("?"), status_code=303)
