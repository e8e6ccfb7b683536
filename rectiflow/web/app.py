"""The application: the portal's pages, and the API under /api/v1 with its OpenAPI document at /api/v1/openapi.json."""
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from models.identity.secret_key import ensure_secret_key, secret_key
from models.settings import Settings
from rectiflow.web.api import api_router
from rectiflow.web.api.problems import install_problem_handlers
from rectiflow.web.api.sso import register_provider
from rectiflow.web.context import WebContext
from rectiflow.web.portal import install_portal
from rectiflow.web.portal.errors import refusal_page, sign_in_first
from rectiflow.web.portal.session import SignInNeeded
from rectiflow.web.security_headers import SecurityHeaders

API_PREFIX = "/api/v1"


def delivering(settings: Settings, db_url: str):
    """A lifespan that runs the outbox dispatch loop beside the server (notifications/loop.py)."""
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from dataclasses import replace

        from notifications.config import dispatch_config
        from notifications.loop import start_dispatch_loop

        thread, stop = start_dispatch_loop(replace(dispatch_config(settings), db_url=db_url),
                                           settings.notify_poll_seconds)
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=30)

    return lifespan


def create_app(settings: Settings | None = None, db_url: str | None = None, deliver: bool = False) -> FastAPI:
    """`deliver`: also send the outbox while serving (what `rectiflow web` does; tests leave it to themselves)."""
    settings = settings or Settings()
    ensure_secret_key(settings.keys_dir)  # made by init; made here too when a server starts on a fresh data volume
    context = WebContext(settings=settings, db_url=db_url or settings.db_url, secret=secret_key(settings.keys_dir))
    app = FastAPI(lifespan=delivering(settings, context.db_url) if deliver else None,
                  title="Rectiflow 整改台账 API", version="1", openapi_url=f"{API_PREFIX}/openapi.json",
                  docs_url=None, redoc_url=None,  # no CDN on 政务外网: the OpenAPI document is the reference
                  description="整改事项、进展报送、审批签署、报表下载。认证：POST /api/v1/auth/token 取得 Bearer 令牌，"
                              "或使用整改办发放的个人访问令牌。签署审批须在请求中再次提供密码。")
    app.state.rectiflow = context
    app.state.oidc = register_provider(settings)
    app.add_middleware(SessionMiddleware, secret_key=context.secret, session_cookie="rectiflow_session",
                       max_age=int(context.session_age.total_seconds()), same_site="lax",
                       https_only=settings.public_url.startswith("https://"))
    app.add_middleware(SecurityHeaders)
    install_problem_handlers(app)
    app.state.problem_page = refusal_page
    app.add_exception_handler(SignInNeeded, sign_in_first)
    app.include_router(api_router(), prefix=API_PREFIX)
    install_portal(app)
    return app
