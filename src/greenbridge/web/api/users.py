"""REST routes for users and API tokens (admin), and who am I (everyone signed in)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, StrictBool

from greenbridge.auth import (
    AuthError,
    LastAdminError,
    create_token,
    create_user,
    get_all,
    get_by_username,
    set_active,
    set_role,
)
from greenbridge.web.api.documents import UtcDateTime
from greenbridge.web.deps import Admin, SessionDep, Viewer, WriteSessionDep

router = APIRouter(prefix="/api", tags=["users"])


class UserOut(BaseModel):
    username: str
    role: str
    active: bool
    created_at: UtcDateTime | None = None


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=100)
    password: str = Field(min_length=8, max_length=200)
    role: str = Field("viewer", pattern="^(admin|editor|viewer)$")


class TokenIn(BaseModel):
    name: str = Field("api", min_length=1, max_length=100)


class TokenOut(BaseModel):
    username: str
    token: str = Field(description="Shown once; send it as `Authorization: Bearer TOKEN`.")


class ActiveIn(BaseModel):
    active: StrictBool


class RoleIn(BaseModel):
    role: str = Field(pattern="^(admin|editor|viewer)$")


def _refusal(exc: AuthError) -> HTTPException:
    """409 when the change would leave no active admin; 404 for an unknown user."""
    return HTTPException(
        status_code=409 if isinstance(exc, LastAdminError) else 404, detail=str(exc)
    )


@router.get("/me", response_model=UserOut)
def me(user: Viewer) -> UserOut:
    """The signed-in user."""
    return UserOut(username=user.username, role=user.role, active=True)


@router.get("/users", response_model=list[UserOut])
def list_users(user: Admin, session: SessionDep) -> list[UserOut]:
    return [
        UserOut(username=u.username, role=u.role, active=u.active, created_at=u.created_at)
        for u in get_all(session)
    ]


@router.post("/users", response_model=UserOut, status_code=201)
def add_user(body: UserIn, user: Admin, session: WriteSessionDep) -> UserOut:
    try:
        created = create_user(
            session, username=body.username, password=body.password, role=body.role
        )
    except AuthError as exc:  # the name is taken
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return UserOut(username=created.username, role=created.role, active=created.active)


@router.post("/users/{username}/tokens", response_model=TokenOut, status_code=201)
def add_token(username: str, body: TokenIn, user: Admin, session: WriteSessionDep) -> TokenOut:
    target = get_by_username(session, username)
    if target is None:
        raise HTTPException(status_code=404, detail=f"no user {username!r}")
    return TokenOut(username=username, token=create_token(session, target, name=body.name))


@router.put("/users/{username}/active", response_model=UserOut)
def change_active(username: str, body: ActiveIn, user: Admin, session: WriteSessionDep) -> UserOut:
    """Deactivation ends the user's sessions; the last active admin stays active (409)."""
    try:
        changed = set_active(session, username=username, active=body.active)
    except AuthError as exc:
        raise _refusal(exc) from exc
    return UserOut(username=changed.username, role=changed.role, active=changed.active)


@router.put("/users/{username}/role", response_model=UserOut)
def change_role(username: str, body: RoleIn, user: Admin, session: WriteSessionDep) -> UserOut:
    """The last active admin cannot be demoted (409)."""
    try:
        changed = set_role(session, username=username, role=body.role)
    except AuthError as exc:
        raise _refusal(exc) from exc
    return UserOut(username=changed.username, role=changed.role, active=changed.active)
