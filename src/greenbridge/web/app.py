"""The web application factory: HTML pages and the JSON REST API over one library."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from greenbridge import __version__
from greenbridge.auth.throttle import SignInThrottle
from greenbridge.ingest.document import size_limit_message
from greenbridge.jobs.queue import ensure_queue_schema
from greenbridge.jobs.runner import running_queue
from greenbridge.match.service import warm_ranker
from greenbridge.settings import Settings, get_settings
from greenbridge.sources.schedule import SourcePoller
from greenbridge.store.db import make_engine, pool_options, upgrade
from greenbridge.web.api import documents as documents_api
from greenbridge.web.api import entities as entities_api
from greenbridge.web.api import feeds as feeds_api
from greenbridge.web.api import history as history_api
from greenbridge.web.api import jobs as jobs_api
from greenbridge.web.api import match as match_api
from greenbridge.web.api import newsletters as newsletters_api
from greenbridge.web.api import overview as overview_api
from greenbridge.web.api import reconcile as reconcile_api
from greenbridge.web.api import reports as reports_api
from greenbridge.web.api import review as review_api
from greenbridge.web.api import sources as sources_api
from greenbridge.web.api import users as users_api
from greenbridge.web.capacity import StoreBusy, StoreTurns, is_busy_error, store_turn
from greenbridge.web.deps import templates
from greenbridge.web.input import reject_nul_input
from greenbridge.web.limits import RequestBodyLimit
from greenbridge.web.openapi import install as install_openapi
from greenbridge.web.pages import admin as admin_pages
from greenbridge.web.pages import auth as auth_pages
from greenbridge.web.pages import curate as curate_pages
from greenbridge.web.pages import documents as documents_pages
from greenbridge.web.pages import explore as explore_pages
from greenbridge.web.pages import facts as facts_pages
from greenbridge.web.pages import jobs as jobs_pages
from greenbridge.web.pages import language as language_pages
from greenbridge.web.pages import match as match_pages
from greenbridge.web.pages import newsletters as newsletters_pages
from greenbridge.web.pages import reports as reports_pages
from greenbridge.web.pages import sources as sources_pages
from greenbridge.web.security import require_role
from greenbridge.web.timing import ServerTiming
from greenbridge.web.vocabulary import N_

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
)
ROUTERS = (
    documents_api, entities_api, review_api, overview_api, match_api, users_api, jobs_api,
    auth_pages, documents_pages, explore_pages, facts_pages, curate_pages, match_pages, admin_pages,
    sources_api, sources_pages, feeds_api, language_pages, jobs_pages,
)  # fmt: skip


def _source_poller(engine: Engine, settings: Settings) -> SourcePoller | None:
    """The server's poller of due sources, unless the settings leave polling to the CLI."""
    if settings.source_poll_seconds <= 0:
        return None
    return SourcePoller(
        engine, every_seconds=settings.source_poll_seconds,
        request_interval=settings.source_interval,
    )  # fmt: skip


def create_app(
    settings: Settings | None = None,
    *,
    https_only: bool | None = None,
    sign_in_throttle: SignInThrottle | None = None,
) -> FastAPI:
    """A configured application on the store named by `settings` (migrated on start).

    Session cookies are `Secure` when `https_only` (default: the `session_https_only`
    setting, else in production). `sign_in_throttle` counts failed sign-ins (default: five
    in five minutes block the name and the address for five minutes)."""
    settings = settings or get_settings()
    engine = make_engine(
        settings.resolved_database_url,
        **pool_options(settings.database_pool_size, settings.database_pool_timeout),
    )
    upgrade(engine)
    if settings.resolved_job_queue == "procrastinate":
        ensure_queue_schema(engine)
    turns = StoreTurns(settings.database_pool_size, settings.database_pool_timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        turns.size_thread_pool()
        warm_ranker(engine, settings)
        poller = app.state.source_poller
        if poller is not None:
            poller.start()
        async with running_queue(engine, settings) as queue:
            app.state.job_queue = queue
            yield
            app.state.job_queue = None
        if poller is not None:
            poller.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="greenbridge",
        version=__version__,
        description="Sourced graph and technology matchmaking for cooperation alliances. "
        "Send `Authorization: Bearer TOKEN` (make one with `greenbridge user token NAME`). "
        "Text containing a NUL character (U+0000) is refused with 422 on every operation.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(reject_nul_input)],
    )
    install_openapi(app)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sign_in_throttle = sign_in_throttle or SignInThrottle()
    app.state.store_turns = turns
    app.state.source_poller = (
        SourcePoller(
            engine,
            every_seconds=settings.source_poll_seconds,
            request_interval=settings.source_interval,
        )
        if settings.source_poll_seconds > 0
        else None
    )
    app.state.job_queue = None  # started with the server (see `lifespan`)
    # Reads on PostgreSQL run without BEGIN/ROLLBACK: under READ COMMITTED every statement takes
    # its own snapshot inside a transaction as well, so the transaction bought two round trips
    # per request and nothing else. SQLite keeps its transaction (one snapshot for the request).
    app.state.read_engine = (
        engine.execution_options(isolation_level="AUTOCOMMIT")
        if engine.dialect.name == "postgresql"
        else engine
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Every route on the store takes its turn first (before the user is looked up); /health
    # and static files take none.
    turn = [Depends(store_turn)]
    for module in ROUTERS:
        app.include_router(module.router, dependencies=turn)
    app.include_router(history_api.router, dependencies=turn)
    app.include_router(reconcile_api.router, dependencies=turn)
    viewer = [*turn, Depends(require_role("viewer"))]
    app.include_router(reports_api.router, dependencies=viewer)
    app.include_router(newsletters_api.router, dependencies=viewer)
    app.include_router(reports_pages.router, dependencies=viewer)
    app.include_router(newsletters_pages.router, dependencies=viewer)
    _meta_routes(app)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(PoolTimeoutError, _store_error)
    app.add_exception_handler(OperationalError, _store_error)
    app.add_exception_handler(Exception, _server_error)
    app.add_middleware(
        RequestBodyLimit,
        max_bytes=settings.max_document_bytes,
        limit_label=size_limit_message(settings.max_document_bytes),
        refuse=_http_error,
        # the language is chosen before sign-in; reconciliation may be open (read only)
        open_paths=frozenset(
            {"/login", "/language", *(["/reconcile"] if settings.reconcile_public else [])}
        ),
    )
    app.add_middleware(SecurityHeaders)
    if https_only is None:
        https_only = settings.session_https_only
    secure = settings.environment == "production" if https_only is None else https_only
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="greenbridge_session",
        max_age=14 * 24 * 3600,
        same_site="lax",
        https_only=secure,
    )
    app.add_middleware(ServerTiming)  # outermost: the whole of the server's time
    return app


def _meta_routes(app: FastAPI) -> None:
    viewer = [Depends(store_turn), Depends(require_role("viewer"))]

    @app.get("/health", tags=["meta"])
    async def health() -> dict[str, str]:
        """Liveness and the version (open to everyone; no store, so on the event loop)."""
        return {"status": "ok", "version": __version__}

    @app.get("/openapi.json", include_in_schema=False, dependencies=viewer)
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=viewer)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="greenbridge API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        strict = scope["path"] != "/docs"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if strict:
                    headers.setdefault("Content-Security-Policy", CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(
        ("/api/", "/reconcile")
    ) or "application/json" in request.headers.get("accept", "")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    if exc.status_code == 401:
        target = "/login?next=" + quote(request.url.path, safe="/")
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "status": exc.status_code,
            "message": exc.detail,
            "user": getattr(request.state, "user", None),
        },
        status_code=exc.status_code,
    )


async def _store_error(request: Request, exc: Exception) -> Response:
    """A store that did not answer in time (pool or SQLite lock time-out): 503, Retry-After."""
    if not is_busy_error(exc):
        return await _server_error(request, exc)
    log.warning("store busy serving %s: %s", request.url.path, exc)
    return await _http_error(request, StoreBusy())


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path, exc_info=exc)
    message = N_("Something went wrong on our side; the error has been logged.")
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=500)
    return HTMLResponse(
        templates.get_template("error.html").render(status=500, message=message), status_code=500
    )
