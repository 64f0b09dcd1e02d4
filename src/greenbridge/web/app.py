"""The web application factory: HTML pages and the JSON REST API over one library."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from greenbridge import __version__
from greenbridge.settings import Settings, get_settings
from greenbridge.store.db import make_engine, upgrade
from greenbridge.web.api import documents as documents_api
from greenbridge.web.deps import templates
from greenbridge.web.pages import documents as documents_pages

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    """A configured application on the store named by `settings` (migrated on start)."""
    settings = settings or get_settings()
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    app = FastAPI(
        title="greenbridge",
        version=__version__,
        description="Sourced graph and technology matchmaking for cooperation alliances.",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(documents_api.router)
    app.include_router(documents_pages.router)

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, str]:
        """Liveness and the version."""
        return {"status": "ok", "version": __version__}

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": exc.status_code, "message": exc.detail},
        status_code=exc.status_code,
    )


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path, exc_info=exc)
    message = "Something went wrong on our side; the error has been logged."
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=500)
    return HTMLResponse(
        templates.get_template("error.html").render(status=500, message=message), status_code=500
    )
