"""Typed dependencies shared by routes: the database session, the user, the templates."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from pydantic import BeforeValidator, Field
from sqlalchemy.orm import Session

from greenbridge.settings import Settings
from greenbridge.store.db import claim_sqlite_write_lock, make_sessionmaker, read_session
from greenbridge.store.limits import MAX_ID, MAX_OFFSET
from greenbridge.web.i18n import install as install_i18n
from greenbridge.web.security import CurrentUser, csrf_token, pop_flashes, require_role

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["csrf_token"] = csrf_token
templates.env.globals["pop_flashes"] = pop_flashes
templates.env.globals["user_of"] = lambda request: getattr(request.state, "user", None)
install_i18n(templates.env)


def get_session(request: Request) -> Iterator[Session]:
    """A session for reading (it refuses writes and never takes SQLite's write lock); write
    routes use `WriteSessionDep` (committed on success). A plain function, so FastAPI opens and
    closes it in a worker thread: closing hands the connection back, a database call that has
    no place on the event loop."""
    with read_session(request.app.state.read_engine) as session:
        yield session


def get_write_session(request: Request) -> Iterator[Session]:
    """A session committed when the route returns, rolled back when it raises."""
    with make_sessionmaker(request.app.state.engine)() as session, session.begin():
        claim_sqlite_write_lock(session)
        yield session


def get_settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
# scope="function": the commit happens when the route returns, before the response is sent, so a
# client following a redirect after a write reads what was written, and a failed commit is an
# error response rather than a lost write behind a success.
WriteSessionDep = Annotated[Session, Depends(get_write_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings_of)]
Viewer = Annotated[CurrentUser, Depends(require_role("viewer"))]
Editor = Annotated[CurrentUser, Depends(require_role("editor"))]
Admin = Annotated[CurrentUser, Depends(require_role("admin"))]


def render(
    request: Request, name: str, context: Mapping[str, Any], status_code: int = 200
) -> Response:
    """A template rendered with the user of the request."""
    values = {"user": getattr(request.state, "user", None), **context}
    return templates.TemplateResponse(request, name, values, status_code=status_code)


PathId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def _not_a_boolean(value: object) -> object:
    """JSON true is not the id 1: refuse what the document does not call an integer."""
    if isinstance(value, bool):
        raise ValueError("an id is a number, not true or false")
    return value


BodyId = Annotated[int, BeforeValidator(_not_a_boolean), Field(ge=1, le=MAX_ID)]
OffsetQuery = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
