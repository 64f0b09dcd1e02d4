"""Sign in and out of the workspace."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.auth import authenticate, end_sessions
from greenbridge.auth.throttle import SignInThrottle
from greenbridge.web.deps import Viewer, WriteSessionDep, render
from greenbridge.web.i18n import gettext_for
from greenbridge.web.security import check_csrf, sign_in

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/dashboard"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    session: WriteSessionDep,
    username: str = Form(..., max_length=100),
    password: str = Form(..., max_length=200),
    next: str | None = Form(None),
) -> Response:
    """Signs in; after repeated failures for the name or from the address, 429 with
    Retry-After until the back-off ends, whatever the password."""
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    address = request.client.host if request.client else None
    name = username.strip()
    wait = throttle.retry_after(name, address)
    _ = gettext_for(request)
    if wait is not None:
        error = _("Too many failed sign-ins; try again in {wait} seconds.")
        error = error.format(wait=wait)
        response = render(request, "login.html", _context(next, error), status_code=429)
        response.headers["Retry-After"] = str(wait)
        return response
    user = authenticate(session, name, password)
    if user is None:
        throttle.failed(name, address)
        error = _("Wrong username or password.")
        return render(request, "login.html", _context(next, error), status_code=401)
    throttle.succeeded(name)
    sign_in(request, user)
    return RedirectResponse(safe_next(next), status_code=303)


def _context(next: str | None, error: str) -> dict[str, str]:
    return {"next": safe_next(next), "error": error}


@router.post("/logout")
def logout(request: Request, user: Viewer, session: WriteSessionDep) -> Response:
    """Ends every session of the user, not only this browser's: a copied cookie is dead too."""
    end_sessions(session, user_id=user.id)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
