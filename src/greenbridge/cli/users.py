"""`greenbridge user add|list|token|password|role|activate|deactivate`: the people who may sign
in to the workspace."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table

from greenbridge.auth import (
    AuthError,
    create_token,
    create_user,
    get_all,
    get_by_username,
    set_active,
    set_password,
    set_role,
)
from greenbridge.cli.app import app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.store.db import transaction

user_app = typer.Typer(help="Users of the web workspace and their API tokens.")
app.add_typer(user_app, name="user")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


Username = Annotated[str, typer.Argument(help="The name the user signs in with.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


def _change(change: Callable[..., object], done: str, **values: object) -> None:
    """Run one change to a user in a transaction; its refusal is one line and exit code 1."""
    try:
        with transaction(open_store()) as session:
            change(session, **values)
    except AuthError as exc:
        errors.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(done)


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="The name the user signs in with.")],
    role: Annotated[str, typer.Option(help="admin, editor or viewer.")] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user (the password is prompted for, or read from stdin)."""
    password = _read_password(password_stdin)
    try:
        with transaction(open_store()) as session:
            create_user(session, username=username, password=password, role=role)
    except AuthError as exc:
        errors.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"user {username} added ({role})")


@user_app.command("list")
def list_users() -> None:
    """Every user with role and state."""
    with transaction(open_store()) as session:
        users = get_all(session)
        table = Table("username", "role", "active", "created")
        for user in users:
            table.add_row(
                user.username,
                user.role,
                "yes" if user.active else "no",
                f"{user.created_at:%Y-%m-%d}",
            )
    console.print(table)


@user_app.command("token")
def token(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    name: Annotated[str, typer.Option(help="A label for the token.")] = "api",
) -> None:
    """Create an API token (printed once; send it as `Authorization: Bearer TOKEN`)."""
    with transaction(open_store()) as session:
        user = get_by_username(session, username)
        if user is None:
            errors.print(f"[red]no user {username!r}[/red]")
            raise typer.Exit(1)
        secret = create_token(session, user, name=name)
    console.print(secret, soft_wrap=True)


@user_app.command("password")
def password(username: Username, password_stdin: PasswordStdin = False) -> None:
    """Set a new password; every session signed in before ends."""
    new = _read_password(password_stdin)
    _change(set_password, f"password of {username} changed", username=username, password=new)


@user_app.command("role")
def role(
    username: Username,
    new_role: Annotated[str, typer.Argument(metavar="ROLE", help="admin, editor or viewer.")],
) -> None:
    """Give a user another role (the last active admin stays admin)."""
    _change(set_role, f"user {username} is now {new_role}", username=username, role=new_role)


@user_app.command("activate")
def activate(username: Username) -> None:
    """Let a deactivated user sign in again."""
    _change(set_active, f"user {username} activated", username=username, active=True)


@user_app.command("deactivate")
def deactivate(username: Username) -> None:
    """Stop a user signing in and end their sessions (the last active admin stays active)."""
    _change(set_active, f"user {username} deactivated", username=username, active=False)
