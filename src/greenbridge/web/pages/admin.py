"""Admin pages: users and their API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.auth import (
    AuthError,
    create_token,
    create_user,
    get_all,
    get_by_username,
    set_active,
    set_role,
)
from greenbridge.web.deps import Admin, SessionDep, WriteSessionDep, render
from greenbridge.web.i18n import gettext_for
from greenbridge.web.security import flash, require_role
from greenbridge.web.vocabulary import N_

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_role("admin"))])


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, session: SessionDep) -> Response:
    return render(request, "users.html", {"users": get_all(session), "token": None})


@router.post("/admin/users")
def add_user(
    request: Request, user: Admin, session: WriteSessionDep,
    username: str = Form(..., max_length=100), password: str = Form(..., max_length=200),
    role: str = Form("viewer", pattern="^(admin|editor|viewer)$"),
) -> Response:  # fmt: skip
    try:
        create_user(session, username=username.strip(), password=password, role=role)
        _ = gettext_for(request)
        flash(request, _("User {username} added ({role}).").format(username=username, role=_(role)))
    except AuthError as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/token")
def add_token(username: str, request: Request, user: Admin, session: WriteSessionDep) -> Response:
    """The token is shown once on the page that answers this form, never kept."""
    target = get_by_username(session, username)
    if target is None:
        _ = gettext_for(request)
        flash(request, _("No user {username}.").format(username=username), "error")
        return RedirectResponse("/admin/users", status_code=303)
    token = {"username": username, "token": create_token(session, target, name="web")}
    return render(request, "users.html", {"users": get_all(session), "token": token})


@router.post("/admin/users/{username}/active")
def change_active(
    username: str, request: Request, user: Admin, session: WriteSessionDep,
    active: bool = Form(...),
) -> Response:  # fmt: skip
    """Activate or deactivate; the last active admin stays active, and the page says why."""
    try:
        set_active(session, username=username, active=active)
        done = N_("User {username} activated.") if active else N_("User {username} deactivated.")
        flash(request, gettext_for(request)(done).format(username=username))
    except AuthError as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/role")
def change_role(
    username: str, request: Request, user: Admin, session: WriteSessionDep,
    role: str = Form(..., pattern="^(admin|editor|viewer)$"),
) -> Response:  # fmt: skip
    """A new role; the last active admin cannot be demoted, and the page says why."""
    try:
        set_role(session, username=username, role=role)
        _ = gettext_for(request)
        flash(request, _("User {username} is now {role}.").format(username=username, role=_(role)))
    except AuthError as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/admin/users", status_code=303)
