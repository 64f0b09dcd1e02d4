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


def json_integer(value: object) -> object:
    """An integer as JSON writes one: 14613 or 14613.0, never "14613" or true."""
    if isinstance(value, bool | str | bytes):
        raise ValueError("must be a JSON integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be a JSON integer")
        return int(value)
    return value


def json_number(value: object) -> object:
    """A number as JSON writes one: 1 or 0.5, never "0.5" or false."""
    if isinstance(value, bool | str | bytes):
        raise ValueError("must be a JSON number")
    return value


# Constraints before the validator, so that the document states them as minimum and maximum.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(json_integer)]
JsonNumber = Annotated[float, BeforeValidator(json_number)]
OffsetQuery = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
