"""Users, roles, password hashes (argon2) and API tokens of the web workspace and REST API."""

from greenbridge.auth.roles import ROLES, role_allows
from greenbridge.auth.tokens import create_token, user_for_token
from greenbridge.auth.users import (
    AuthError,
    LastAdminError,
    NoSuchUser,
    authenticate,
    create_user,
    end_sessions,
    get_all,
    get_by_username,
    set_active,
    set_locale,
    set_password,
    set_role,
)

__all__ = [
    "ROLES",
    "AuthError",
    "LastAdminError",
    "NoSuchUser",
    "authenticate",
    "create_token",
    "create_user",
    "end_sessions",
    "get_all",
    "get_by_username",
    "role_allows",
    "set_active",
    "set_locale",
    "set_password",
    "set_role",
    "user_for_token",
]
