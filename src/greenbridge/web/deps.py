"""Typed dependencies shared by routes: the database session and the templates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from greenbridge.store.db import make_sessionmaker

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def get_session(request: Request) -> Iterator[Session]:
    with make_sessionmaker(request.app.state.engine)() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
