"""The portal: server-rendered pages (Jinja2, htmx served from /static — no CDN, no build step) on the same app
and the same engine as the API. Each page module holds one section's routes."""
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from rectiflow.web.portal import (
    approvals,
    board,
    dashboard,
    delegations,
    evidence,
    home,
    item_page,
    ledger_import,
    meetings,
    report_downloads,
    signin,
    sso,
    weekly,
)

STATIC = Path(__file__).parent / "static"
SECTIONS = (signin, sso, home, board, item_page, evidence, weekly, approvals, delegations, meetings, dashboard,
            report_downloads, ledger_import)


def install_portal(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)
    for section in SECTIONS:
        router.include_router(section.router)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
