"""Who is asking: session cookie or bearer token, role checks as dependencies, CSRF tokens."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request
from sqlalchemy import bindparam, select
from starlette.concurrency import run_in_threadpool

from greenbridge.auth import role_allows
from greenbridge.auth.tokens import PREFIX as TOKEN_PREFIX
from greenbridge.auth.tokens import token_hash
from greenbridge.store.models import ApiToken, User
from greenbridge.web.vocabulary import N_

SESSION_USER = "user_id"
SESSION_VERSION = "session_version"
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
    locale: str | None = None  # the workspace language chosen, None: the browser's

    def may(self, role: str) -> bool:
        return role_allows(self.role, role)


class LoginRequired(HTTPException):
    def __init__(self) -> None:
        super().__init__(
            status_code=401, detail=N_("Sign in first."), headers={"WWW-Authenticate": "Bearer"}
        )


_ACCOUNT_COLUMNS = (
    User.id, User.username, User.role, User.active, User.session_version, User.locale
)  # fmt: skip
_BY_TOKEN = (
    select(*_ACCOUNT_COLUMNS)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("hash"))
)
_BY_ID = select(*_ACCOUNT_COLUMNS).where(User.id == bindparam("id"))


def _load_user(request: Request) -> CurrentUser | None:
    """The user of a bearer token or of the session cookie: one indexed read."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        if not token.startswith(TOKEN_PREFIX):
            return None
        statement, via_token = _BY_TOKEN, True
        params: dict[str, object] = {"hash": token_hash(token)}
    else:
        user_id = request.session.get(SESSION_USER)
        if not isinstance(user_id, int):
            return None
        statement, params, via_token = _BY_ID, {"id": user_id}, False
    with request.app.state.engine.connect() as connection:
        row = connection.execute(statement, params).first()
    if row is None or not row.active:
        return None
    if not via_token and request.session.get(SESSION_VERSION) != row.session_version:
        request.session.clear()  # ended by a sign-out, a new password or deactivation
        return None
    return CurrentUser(row.id, row.username, row.role, via_token, row.locale)


def current_user_sync(request: Request) -> CurrentUser | None:
    """The signed-in user (cached on the request, which the middleware shares), or None."""
    if not hasattr(request.state, "user"):
        request.state.user = _load_user(request)
    user: CurrentUser | None = request.state.user
    return user


async def current_user(request: Request) -> CurrentUser | None:
    """The signed-in user (cached on the request), or None. The lookup is a database read, so
    it runs in a worker thread: on the event loop, waiting for a pooled connection would stall
    every other request."""
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
            detail=N_(
                "The form expired or did not come from this site; reload the page and try again."
            ),
        )


def sign_in(request: Request, user: User) -> None:
    """A fresh session for `user` (no session fixation)."""
    language = request.session.get("locale")  # chosen on the sign-in page
    request.session.clear()
    if language:
        request.session["locale"] = language
    request.session[SESSION_USER] = user.id
    request.session[SESSION_VERSION] = user.session_version
    csrf_token(request)


def flash(request: Request, message: str, kind: str = "info") -> None:
    request.session.setdefault("flash", []).append({"message": message, "kind": kind})


def pop_flashes(request: Request) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = request.session.pop("flash", [])
    return messages
