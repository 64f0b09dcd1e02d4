"""Who is asking: session cookie or bearer token, role checks as dependencies, CSRF tokens."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from greenbridge.auth import role_allows, user_for_token
from greenbridge.store.db import make_sessionmaker
from greenbridge.store.models import User

SESSION_USER = "user_id"
SESSION_CSRF = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    role: str
    via_token: bool = False

    def may(self, role: str) -> bool:
        return role_allows(self.role, role)


class LoginRequired(HTTPException):
    def __init__(self) -> None:
        super().__init__(
            status_code=401, detail="Sign in first.", headers={"WWW-Authenticate": "Bearer"}
        )


def _load_user(request: Request) -> CurrentUser | None:
    header = request.headers.get("authorization", "")
    with make_sessionmaker(request.app.state.engine)() as session:
        if header.lower().startswith("bearer "):
            user = user_for_token(session, header[7:].strip())
            return _current(user, via_token=True)
        user_id = request.session.get(SESSION_USER)
        if not isinstance(user_id, int):
            return None
        return _current(session.get(User, user_id), via_token=False)


def _current(user: User | None, *, via_token: bool) -> CurrentUser | None:
    if user is None or not user.active:
        return None
    return CurrentUser(user.id, user.username, user.role, via_token)


async def current_user(request: Request) -> CurrentUser | None:
    """The signed-in user (cached on the request), or None."""
    if not hasattr(request.state, "user"):
        request.state.user = await run_in_threadpool(_load_user, request)
    user: CurrentUser | None = request.state.user
    return user


def require_role(role: str) -> Callable[[Request], Awaitable[CurrentUser]]:
    """A dependency that lets through users with at least `role`; usable on a router
    (`dependencies=[Depends(require_role("viewer"))]`). Writes from a browser session must
    carry the session's CSRF token; bearer-token requests are exempt."""
    role_allows("viewer", role)  # fail early on a misspelt role

    async def dependency(request: Request) -> CurrentUser:
        user = await current_user(request)
        if user is None:
            raise LoginRequired()
        if not user.may(role):
            raise HTTPException(status_code=403, detail=f"This needs the {role} role.")
        if request.method not in SAFE_METHODS and not user.via_token:
            await check_csrf(request)
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


async def check_csrf(request: Request) -> None:
    expected = request.session.get(SESSION_CSRF)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not (isinstance(expected, str) and sent and secrets.compare_digest(expected, sent)):
        raise HTTPException(
            status_code=403,
            detail="The form expired or did not come from this site; reload the page and try again.",
        )


def sign_in(request: Request, user: User) -> None:
    """A fresh session for `user` (no session fixation)."""
    request.session.clear()
    request.session[SESSION_USER] = user.id
    csrf_token(request)


def flash(request: Request, message: str, kind: str = "info") -> None:
    request.session.setdefault("flash", []).append({"message": message, "kind": kind})


def pop_flashes(request: Request) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = request.session.pop("flash", [])
    return messages
