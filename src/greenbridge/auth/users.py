"""Users of the workspace: create, look up, authenticate. Services never commit."""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from greenbridge.auth.passwords import hash_password, needs_rehash, verify_password
from greenbridge.auth.roles import ROLES
from greenbridge.store.models import User

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")


class AuthError(ValueError):
    """A user that cannot be created or changed; the message says why."""


class NoSuchUser(AuthError):
    """No user has this username."""


class LastAdminError(AuthError):
    """The change would leave the workspace without an active admin."""


def get_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def get_all(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def create_user(session: Session, *, username: str, password: str, role: str) -> User:
    """A new active user with an argon2 hash of `password`."""
    if not USERNAME.match(username):
        raise AuthError("a username is 2-100 letters, digits or . _ @ -")
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if get_by_username(session, username) is not None:
        raise AuthError(f"user {username!r} exists already")
    try:
        password_hash = hash_password(password)
    except ValueError as exc:
        raise AuthError(str(exc)) from exc
    user = User(username=username, password_hash=password_hash, role=role, active=True)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, *, username: str, password: str) -> User:
    """A new password; every session signed in with the old one ends."""
    user = _existing(session, username)
    try:
        user.password_hash = hash_password(password)
    except ValueError as exc:
        raise AuthError(str(exc)) from exc
    end_sessions(session, user_id=user.id)
    return user


def set_active(session: Session, *, username: str, active: bool) -> User:
    """Activate or deactivate a user; deactivation ends every session of the user. The last
    active admin cannot be deactivated (LastAdminError)."""
    user = _existing(session, username)
    if not active:
        _keep_an_admin(session, user)
    user.active = active
    session.flush()
    if not active:
        end_sessions(session, user_id=user.id)
    return user


def set_role(session: Session, *, username: str, role: str) -> User:
    """Give a user another role; the last active admin cannot be demoted (LastAdminError)."""
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    user = _existing(session, username)
    if role != "admin":
        _keep_an_admin(session, user)
    user.role = role
    session.flush()
    return user


def set_locale(session: Session, *, user_id: int, locale: str | None) -> User:
    """Record the workspace language of a user (None: follow the browser)."""
    user = session.get(User, user_id)
    if user is None:
        raise NoSuchUser(f"no user with id {user_id}")
    user.locale = locale
    session.flush()
    return user


def _keep_an_admin(session: Session, user: User) -> None:
    """LastAdminError when `user` is the only active admin. The active admins' rows are locked
    (in id order) so that two admins demoting each other at once cannot both succeed; SQLite
    writers hold the database lock from the start of their transaction already."""
    if user.role != "admin" or not user.active:
        return
    admins = session.scalars(
        select(User.id)
        .where(User.role == "admin", User.active.is_(True))
        .order_by(User.id)
        .with_for_update()
    ).all()
    if all(admin_id == user.id for admin_id in admins):
        raise LastAdminError(
            f"{user.username} is the last active admin; make another user admin first"
        )


def end_sessions(session: Session, *, user_id: int) -> None:
    """Sign the user out everywhere: session cookies issued before now stop working (each names
    the session version it was issued under). API tokens are not sessions and stay."""
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session="fetch")
    )


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None (same cost either way)."""
    user = get_by_username(session, username)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _existing(session: Session, username: str) -> User:
    user = get_by_username(session, username)
    if user is None:
        raise NoSuchUser(f"no user {username!r}")
    return user
