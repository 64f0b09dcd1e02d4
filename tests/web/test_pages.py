"""The HTML pages and their forms (with the session's CSRF token), as a browser posts them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from greenbridge.resolve import UNSURE, judge
from greenbridge.store import corrections
from greenbridge.store.db import make_sessionmaker, transaction
from greenbridge.store.models import Alias, Evidence, Relation

Client = Callable[[str | None], TestClient]


@pytest.fixture
def editor(client_as: Client) -> TestClient:
    return client_as("editor")


def _form(client: TestClient, url: str, **data: str) -> str:
    data["csrf_token"] = client.headers["X-CSRF-Token"]
    response = client.post(url, data=data)
    assert response.status_code == 200, response.text
    return response.text


def _entity(engine: Engine, kind: str, name: str) -> int:
    with transaction(engine) as session:
        return corrections.add_entity(session, type=kind, name=name, user="seed").id


def test_corrections_through_the_entity_page(editor: TestClient, app_engine: Engine) -> None:
    org = _entity(app_engine, "organization", "Nile Valley Energy Institute")
    person = _entity(app_engine, "person", "Sara Haddad")
    page = _form(editor, f"/entities/{org}/edit", name="Nile Valley Energy Research Institute",
                 key="country", value="EG", note="annual report")  # fmt: skip
    assert "Saved; your change is kept as evidence." in page and "EG" in page
    page = _form(editor, f"/entities/{org}/aliases", name="NVERI")
    assert "NVERI" in page
    page = _form(
        editor,
        f"/entities/{person}/relations",
        type="position",
        other=str(org),
        attribute="Director",
    )
    assert "Relation added." in page and "Director" in page
    page = _form(editor, f"/entities/{person}/relations", type="deployed", other="EG")
    assert "deployed relation starts at a technology" in page
    with make_sessionmaker(app_engine)() as session:
        relation = session.scalars(select(Relation)).one()
        alias = session.scalars(select(Alias).where(Alias.name == "NVERI")).one()
        users = set(session.scalars(select(Evidence.user).where(Evidence.entity_id == org)))
    assert users == {"seed", "editor"}
    page = _form(editor, f"/relations/{relation.id}/retract", back=f"/entities/{person}")
    assert "Relation retracted." in page and "No relations." in page
    _form(editor, f"/aliases/{alias.id}/retract", back=f"/entities/{org}")
    page = _form(editor, f"/entities/{org}/retract")
    assert "Retracted by editor" in page and "NVERI" not in page


def test_review_page_answer_skip_and_undo(editor: TestClient, app_engine: Engine) -> None:
    a = _entity(app_engine, "organization", "Chinese Academy of Sciences")
    b = _entity(app_engine, "organization", "Chinese Academy of Science")
    with transaction(app_engine) as session:
        judgement = judge(session, a, b, UNSURE, score=0.8, rule="test").id
    page = editor.get("/review").text
    assert "Chinese Academy of Science</a>" in page
    page = _form(editor, f"/review/{judgement}", decision="skip")
    assert "Nothing waits for review." in page
    page = _form(editor, f"/review/{judgement}", decision="same")
    assert "Recorded: same." in page and "Undo last answer" in page
    assert "merged from records" in editor.get(f"/entities/{b}").text
    undo = page.split('action="/judgements/')[1].split("/undo")[0]
    _form(editor, f"/judgements/{undo}/undo", back="/review")
    assert "merged from records" not in editor.get(f"/entities/{b}").text


def test_read_pages_render(client_as: Client, app_engine: Engine) -> None:
    viewer = client_as("viewer")
    _entity(app_engine, "organization", "Andes Solar Alliance")
    for path, text in [
        ("/dashboard", "Countries involved"), ("/search?q=andes", "Andes Solar Alliance"),
        ("/network", "Cooperation network"), ("/export", "JSON Lines"),
        ("/match/board", "proposed"), ("/match", "Match a need"), ("/docs", "swagger-ui"),
    ]:  # fmt: skip
        page = viewer.get(path)
        assert page.status_code == 200 and text in page.text, path
        assert "cdn" not in page.text.lower(), path
    partial = viewer.get("/search?q=andes", headers={"HX-Request": "true"}).text
    assert "<html" not in partial and "Andes Solar Alliance" in partial
    assert "Upload" not in viewer.get("/dashboard").text.split("<main>")[0]


def test_admin_adds_users_and_tokens(client_as: Client) -> None:
    admin = client_as("admin")
    page = _form(admin, "/admin/users", username="nadia", password="a long password", role="editor")
    assert "User nadia added (editor)." in page
    page = _form(admin, "/admin/users/nadia/token")
    token = page.split('id="new-token">')[1].split("<")[0]
    fresh = TestClient(admin.app)
    assert (
        fresh.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["role"]
        == "editor"
    )


def test_server_errors_render_a_page_without_traceback(
    client_as: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    viewer = client_as("viewer")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("greenbridge.web.pages.explore.dashboard_data", broken)
    page = viewer.get("/dashboard")
    assert page.status_code == 500 and "Something went wrong" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text


def test_login_refuses_wrong_password_and_sets_a_lax_http_only_cookie(client_as: Client) -> None:
    client_as("viewer")
    client = client_as(None)
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    bad = client.post(
        "/login", data={"username": "viewer", "password": "nope", "csrf_token": token}
    )
    assert bad.status_code == 401 and "Wrong username or password." in bad.text
    good = client.post("/login", data={"username": "viewer", "password": "correct horse battery",
                                       "csrf_token": token, "next": "//evil.example"},
                       follow_redirects=False)  # fmt: skip
    assert good.headers["location"] == "/dashboard"
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_review_page_merges_a_pair_keeping_the_picked_name_and_values(
    editor: TestClient, app_engine: Engine
) -> None:
    with transaction(app_engine) as session:
        old = corrections.add_entity(session, type="event", name="Water Forum", user="s",
                                     attributes={"start": "2021-01-01"})  # fmt: skip
        new = corrections.add_entity(session, type="event", name="Asia Water Forum 2023",
                                     user="s", attributes={"start": "2023-05-04"})  # fmt: skip
        judgement = judge(session, old.id, new.id, UNSURE, score=0.8, rule="test").id
    page = editor.get("/review").text
    assert f'name="keep:start" value="{new.id}"' in page
    page = _form(editor, f"/review/{judgement}/merge", name="Asia Water Forum 2023",
                 **{"keep:start": str(new.id)})  # fmt: skip
    assert "keeping the name and values you picked" in page
    merged = editor.get(f"/api/entities/{old.id}").json()
    assert merged["name"] == "Asia Water Forum 2023"
    assert merged["attributes"]["start"] == "2023-05-04"
