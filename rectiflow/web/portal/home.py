"""我的待办: what the person signed in has to do now."""
from fastapi import APIRouter, Depends, Request

from rectiflow.web.caller import Caller
from rectiflow.web.portal.pages import render
from rectiflow.web.portal.session import signed_in

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, who: Caller = Depends(signed_in)):
    return render(request, "home.html", who)
