from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from greenbridge.auth import (
    AuthError,
    authenticate,
    create_token,
    create_user,
    role_allows,
    set_active,
    user_for_token,
)
from greenbridge.cli import app
from greenbridge.settings import Settings
from greenbridge.store.models import ApiToken, User


def test_passwords_are_argon2_hashes_and_checked(session: Session) -> None:
    user = create_user(session, username="ana", password="long enough pw", role="editor")
    assert user.password_hash.startswith("$argon2id$") and "long enough" not in user.password_hash
    assert authenticate(session, "ana", "long enough pw") is user
    assert authenticate(session, "ana", "wrong password") is None
    assert authenticate(session, "nobody", "long enough pw") is None
    set_active(session, username="ana", active=False)
    assert authenticate(session, "ana", "long enough pw") is None


def test_bad_users_are_refused(session: Session) -> None:
    with pytest.raises(AuthError, match="role"):
        create_user(session, username="bo", password="long enough pw", role="owner")
    with pytest.raises(AuthError, match="8 characters"):
        create_user(session, username="bo", password="short", role="viewer")
    create_user(session, username="bo", password="long enough pw", role="viewer")
    with pytest.raises(AuthError, match="exists"):
        create_user(session, username="bo", password="long enough pw", role="viewer")


def test_tokens_are_stored_as_sha256_only(session: Session) -> None:
    user = create_user(session, username="cy", password="long enough pw", role="viewer")
    token = create_token(session, user)
    stored = session.scalars(select(ApiToken)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert user_for_token(session, token) is user
    assert user_for_token(session, token + "x") is None


def test_roles_are_ordered() -> None:
    assert role_allows("admin", "editor") and role_allows("editor", "viewer")
    assert not role_allows("viewer", "editor") and not role_allows("editor", "admin")


def test_cli_user_add_list_token(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, session: Session
) -> None:
    monkeypatch.setenv("GREENBRIDGE_DATABASE_URL", settings.resolved_database_url)
    runner = CliRunner()
    added = runner.invoke(
        app, ["user", "add", "dee", "--role", "admin", "--password-stdin"], input="long enough pw\n"
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["user", "list"])
    assert "dee" in listed.output and "admin" in listed.output
    token = runner.invoke(app, ["user", "token", "dee"]).output.strip()
    assert token.startswith("gb_")
    assert (
        runner.invoke(
            app, ["user", "add", "dee", "--password-stdin"], input="long enough pw\n"
        ).exit_code
        == 1
    )
    user = session.scalars(select(User).where(User.username == "dee")).one()
    assert user_for_token(session, token) == user
