"""The three roles, ordered: a viewer reads, an editor also writes, an admin also manages users."""

from __future__ import annotations

ROLES = ("viewer", "editor", "admin")


def role_allows(role: str, needed: str) -> bool:
    """Whether a user with `role` may do what needs `needed`."""
    if needed not in ROLES:
        raise ValueError(f"unknown role {needed!r}; roles: {', '.join(ROLES)}")
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)
