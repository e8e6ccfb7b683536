"""The REST API's routes, assembled."""
from fastapi import APIRouter

from rectiflow.web.api import approvals, audit, auth, campaigns, items, reports, rounds, sso
from rectiflow.web.api.problems import PROBLEM_RESPONSES


def api_router() -> APIRouter:
    router = APIRouter(responses=PROBLEM_RESPONSES)
    for module in (auth, sso, items, approvals, campaigns, rounds, reports, audit):
        router.include_router(module.router)
    return router
