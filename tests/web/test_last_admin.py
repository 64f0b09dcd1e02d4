"""The workspace keeps an active admin: the last one cannot be deactivated or demoted, from the
library, the REST API, the admin page or the command line; users are activated again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from greenbridge.auth import (
    LastAdminError,
    authenticate,
    create_user,
    get_by_username,
    set_active,
    set_role,
)
from greenbridge.cli import app as cli
from greenbridge.store.db import transaction
from greenbridge.store.models import User
from tests.web.helpers import PASSWORD

Client = Callable[[str | None], TestClient]
runner = CliRunner()


def _admins(session: Session) -> list[str]:
    statement = select(User.username).where(User.role == "admin", User.active.is_(True))
    return list(session.scalars(statement))


def test_the_last_admin_stays_active_and_admin(session: Session) -> None:
    create_user(session, username="root", password=PASSWORD, role="admin")
    with pytest.raises(LastAdminError, match="last active admin"):
        set_active(session, username="root", active=False)
    with pytest.raises(LastAdminError, match="last active admin"):
        set_role(session, username="root", role="editor")
    create_user(session, username="second", password=PASSWORD, role="admin")
    set_role(session, username="root", role="viewer")
    with pytest.raises(LastAdminError):
        set_active(session, username="second", active=False)
    set_role(session, username="root", role="admin")
    set_active(session, username="second", active=False)
    assert _admins(session) == ["root"]
    set_active(session, username="second", active=True)
    assert authenticate(session, "second", PASSWORD) is not None


def test_an_inactive_admin_does_not_count(session: Session) -> None:
    create_user(session, username="root", password=PASSWORD, role="admin")
    create_user(session, username="gone", password=PASSWORD, role="admin")
    set_active(session, username="gone", active=False)
    with pytest.raises(LastAdminError):
        set_active(session, username="root", active=False)
    set_role(session, username="gone", role="viewer")  # demoting an inactive admin is fine


def test_api_refuses_with_409(client_as: Client) -> None:
    admin = client_as("admin")
    response = admin.put("/api/users/admin/active", json={"active": False})
    assert response.status_code == 409
    assert "last active admin" in response.json()["detail"]
    response = admin.put("/api/users/admin/role", json={"role": "viewer"})
    assert response.status_code == 409
    assert admin.get("/api/me").json()["role"] == "admin"
    assert admin.put("/api/users/nobody/active", json={"active": False}).status_code == 404
    client_as("editor")
    assert admin.put("/api/users/editor/role", json={"role": "admin"}).json()["role"] == "admin"
    assert admin.put("/api/users/admin/active", json={"active": False}).status_code == 200


def test_admin_page_says_why(client_as: Client, app_engine: Engine) -> None:
    admin = client_as("admin")
    page = admin.post("/admin/users/admin/active", data={"active": "false"})
    assert page.status_code == 200 and "last active admin" in page.text
    page = admin.post("/admin/users/admin/role", data={"role": "editor"})
    assert "last active admin" in page.text
    client_as("viewer")
    page = admin.post("/admin/users/viewer/active", data={"active": "false"})
    assert "User viewer deactivated" in page.text
    page = admin.post("/admin/users/viewer/active", data={"active": "true"})
    assert "User viewer activated" in page.text
    with transaction(app_engine) as session:
        assert _admins(session) == ["admin"]
        viewer = get_by_username(session, "viewer")
        assert viewer is not None and viewer.active


def test_cli_activate_deactivate_and_role(tmp_path: Path, database_url: str) -> None:
    env = {"GREENBRIDGE_HOME": str(tmp_path), "GREENBRIDGE_DATABASE_URL": database_url}
    for name, role in [("root", "admin"), ("ed", "editor")]:
        add = ["user", "add", name, "--role", role, "--password-stdin"]
        assert runner.invoke(cli, add, env=env, input=f"{PASSWORD}\n").exit_code == 0
    refused = runner.invoke(cli, ["user", "deactivate", "root"], env=env)
    assert refused.exit_code == 1 and "last active admin" in refused.output
    refused = runner.invoke(cli, ["user", "role", "root", "viewer"], env=env)
    assert refused.exit_code == 1 and "last active admin" in refused.output
    done = runner.invoke(cli, ["user", "deactivate", "ed"], env=env)
    assert done.exit_code == 0 and "ed deactivated" in done.output
    assert "no" in runner.invoke(cli, ["user", "list"], env=env).output
    assert runner.invoke(cli, ["user", "activate", "ed"], env=env).exit_code == 0
    assert runner.invoke(cli, ["user", "role", "ed", "admin"], env=env).exit_code == 0
    assert runner.invoke(cli, ["user", "deactivate", "root"], env=env).exit_code == 0
    missing = runner.invoke(cli, ["user", "activate", "nobody"], env=env)
    assert missing.exit_code == 1 and "no user" in missing.output


def test_two_admins_deactivating_each_other_at_once_leave_one(engine: Engine) -> None:
    with transaction(engine) as session:
        create_user(session, username="a1", password=PASSWORD, role="admin")
        create_user(session, username="a2", password=PASSWORD, role="admin")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def deactivate(name: str) -> None:
        start.wait()
        try:
            with transaction(engine) as session:
                set_active(session, username=name, active=False)
            outcomes.append("done")
        except LastAdminError:
            outcomes.append("refused")

    threads = [threading.Thread(target=deactivate, args=(n,)) for n in ("a1", "a2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    with transaction(engine) as session:
        assert len(_admins(session)) == 1
