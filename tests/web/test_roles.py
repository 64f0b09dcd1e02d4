"""Every route of the app, for an anonymous user, a viewer, an editor and an admin."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

Client = Callable[[str | None], TestClient]
PUBLIC = {("GET", "/health"), ("GET", "/login"), ("POST", "/login")}
ADMIN_ONLY = re.compile(r"^/(api/users|admin/)")
EDITOR_PAGES = {"/upload"}  # a form page for writing
PARAMS = re.compile(r"\{(\w+)\}")


def all_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for context in iter_route_contexts(app.routes):
        for method in sorted(context.methods or ()):
            if method != "HEAD":
                found.append((method, context.path))
    return found


def concrete(path: str) -> str:
    return PARAMS.sub(lambda m: "viewer" if m.group(1) == "username" else "999999", path)


def allowed(role: str | None, method: str, path: str) -> bool:
    if (method, path) in PUBLIC:
        return True
    if role is None:
        return False
    if ADMIN_ONLY.match(path):
        return role == "admin"
    if (method == "GET" and path not in EDITOR_PAGES) or path == "/logout":
        return True
    if path.startswith("/reconcile"):  # the reconciliation protocol reads with POST too
        return True
    return role in ("editor", "admin")


def test_every_route_checks_the_role(app: FastAPI, client_as: Client) -> None:
    routes = all_routes(app)
    assert len(routes) > 50 and ("GET", "/api/entities/{entity_id}") in routes
    clients = {role: client_as(role) for role in (None, "viewer", "editor", "admin")}
    wrong = []
    for method, path in routes:
        if path == "/logout" or (method, path) in {("POST", "/login"), ("POST", "/language")}:
            continue  # checked below, by every sign-in, and in test_i18n (open to everyone)
        for role, client in clients.items():
            response = client.request(method, concrete(path), follow_redirects=False)
            refused = response.status_code in (401, 403) or (
                response.status_code == 303 and response.headers["location"].startswith("/login?")
            )
            if refused == allowed(role, method, path):
                wrong.append((role, method, path, response.status_code))
    assert wrong == []


def test_anonymous_pages_redirect_to_login_and_api_says_401(client_as: Client) -> None:
    client = client_as(None)
    page = client.get("/dashboard", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/dashboard"
    api = client.get("/api/entities/1")
    assert api.status_code == 401 and api.json() == {"detail": "Sign in first."}
    assert client.get("/openapi.json", follow_redirects=False).status_code == 303


def test_logout_ends_the_session(client_as: Client) -> None:
    client = client_as("viewer")
    assert client.get("/api/me").json()["role"] == "viewer"
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert client.get("/api/me").status_code == 401
