"""Errors as problem details (RFC 9457, application/problem+json): the engine's Chinese message, the refusal's
kind, and the status that fits it. Nothing else ever reaches a client — no traceback, no English."""
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from models.domain import refusals
from models.domain.problems import FileInvalid, validation_message

logger = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"
API_PATH = "/api/"
STATUS = {
    refusals.NotSignedIn: 401,
    refusals.NotYourRole: 403, refusals.OwnUnitForbidden: 403, refusals.SelfApproval: 403,
    refusals.ReauthRequired: 403,
    refusals.NotFound: 404,
    refusals.ItemChanged: 409, refusals.AlreadyPending: 409, refusals.RequestNotPending: 409,
    refusals.AlreadyDecided: 409, refusals.NotAllowedInState: 409, refusals.NoApprovers: 409,
    refusals.InvalidInput: 422, refusals.MissingFields: 422,
    refusals.TooManyAttempts: 429,
}
TITLES = {400: "请求有误", 401: "需要登录", 403: "无权执行", 404: "未找到", 405: "不支持此方法", 409: "与当前状态冲突",
          413: "内容过大", 422: "内容有误", 429: "尝试次数过多", 500: "服务器内部错误"}


class Problem(BaseModel):
    """RFC 9457 problem details, as every error is answered."""

    type: str
    title: str
    status: int
    detail: str  # the engine's message, in Chinese
    kind: str  # the refusal: NotSignedIn, NotYourRole, ReauthRequired, ItemChanged, InvalidInput …
    problems: list[str] | None = None  # a file's every problem, when a file was refused


PROBLEM_RESPONSES = {status: {"model": Problem, "description": TITLES[status],
                              "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                     for status in (400, 401, 403, 404, 409, 422, 429)}


def status_of(refusal: refusals.Refused) -> int:
    """The HTTP status that fits a refusal (a form re-rendered with it answers with the same one)."""
    return next((code for kind, code in STATUS.items() if isinstance(refusal, kind)), getattr(refusal, "status", 400))


def problem(status: int, detail: str, kind: str, **extra) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = {"type": f"urn:rectiflow:problem:{kind}", "title": TITLES.get(status, "请求未完成"), "status": status,
            "detail": detail, "kind": kind, **extra}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def answer(request: Request, status: int, detail: str, kind: str, **extra):
    """A problem document for the API; for any other path, the page the app was given to show it on (the portal's)."""
    page = getattr(request.app.state, "problem_page", None)
    if page is not None and not request.url.path.startswith(API_PATH):
        return page(request, status, TITLES.get(status, "请求未完成"), detail, extra.get("problems"))
    return problem(status, detail, kind, **extra)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(refusals.Refused)
    async def refused(request: Request, exc: refusals.Refused):
        return answer(request, status_of(exc), exc.message, type(exc).__name__)

    @app.exception_handler(FileInvalid)
    async def file_invalid(request: Request, exc: FileInvalid):
        return answer(request, 422, str(exc), "FileInvalid", problems=[p.message for p in exc.problems])

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        parts = [f"{'.'.join(str(p) for p in error['loc'] if p != 'body')}：{validation_message(error)}"
                 for error in exc.errors()]
        return answer(request, 422, "请求内容有误：" + "；".join(parts), "RequestValidationError")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return answer(request, exc.status_code, TITLES.get(exc.status_code, "请求未完成"), "HTTPException")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return answer(request, 500, "服务器内部错误，操作未完成；详细信息已记入服务器日志", "InternalError")
