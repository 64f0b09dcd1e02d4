"""The reconciliation service as OpenRefine uses it: manifest, batched queries, suggest, preview."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.interop.reconcile import QueryError, parse_queries, reconcile
from greenbridge.resolve.index_store import forget_index
from greenbridge.resolve.normalize import name_key
from greenbridge.settings import Settings
from greenbridge.store.db import make_sessionmaker, transaction
from greenbridge.store.models import Alias, Document, Entity, Evidence
from greenbridge.web.app import create_app
from tests.web.helpers import add_user, sign_in, token_for
from tests.web.live import live_server

Client = Callable[[str | None], TestClient]


@pytest.fixture
def web_app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def client_as(web_app: FastAPI) -> Client:
    """A client signed in with the given role (None: anonymous)."""

    def make(role: str | None) -> TestClient:
        client = TestClient(web_app, raise_server_exceptions=False)
        if role is None:
            return client
        add_user(web_app.state.engine, role, role)
        return sign_in(client, role)

    return make


SENTENCE = "The Kestrel Solar Institute opened a test field near Nakuru."


def _entity(session, entity_type: str, name: str, *aliases: str, **attributes: object) -> Entity:  # type: ignore[no-untyped-def]
    entity = Entity(type=entity_type, name=name, attributes=dict(attributes))
    session.add(entity)
    session.flush()
    for alias in (name, *aliases):
        session.add(Alias(entity_id=entity.id, name=alias, normalized=name_key(alias, entity_type)))
    session.flush()
    return entity


def _fill(engine: Engine) -> dict[str, int]:
    """A small store: organizations of two countries and kinds, a person, a merged record and
    a retracted entity."""
    with transaction(engine) as session:
        document = Document(content_hash="b" * 64, title="Field notes 4", media_type="text/plain",
                            size_bytes=10, text=SENTENCE)  # fmt: skip
        session.add(document)
        kestrel = _entity(session, "organization", "Kestrel Solar Institute", "KSI",
                          country="KE", kind="research_institute")  # fmt: skip
        kestrel_tz = _entity(session, "organization", "Kestrel Solar Institute",
                             country="TZ", kind="company")  # fmt: skip
        copy = _entity(session, "organization", "Kestrel Solar Inst. of Nakuru", country="KE")
        copy.canonical_id = kestrel.id
        person = _entity(session, "person", "Amara Okonkwo-Bello", "Dr. Amara Okonkwo-Bello")
        gone = _entity(session, "organization", "Quillon Water Board", country="KE")
        gone.retracted_at = datetime.now(UTC)
        alias = session.query(Alias).filter_by(entity_id=kestrel.id, name="KSI").one()
        session.add(Evidence(alias_id=alias.id, document_id=document.id, sentence=SENTENCE))
        return {"ke": kestrel.id, "tz": kestrel_tz.id, "copy": copy.id, "person": person.id,
                "gone": gone.id}  # fmt: skip


def _ask(engine: Engine, **queries: dict[str, object]) -> dict[str, list[dict[str, object]]]:
    with make_sessionmaker(engine)() as session:
        answer = reconcile(session, parse_queries(json.dumps(queries)))
    return {key: value["result"] for key, value in answer.items()}


def test_country_property_picks_the_entity_of_that_country(engine: Engine) -> None:
    ids = _fill(engine)
    country = [{"pid": "country", "v": "Tanzania"}]
    answer = _ask(
        engine,
        q0={"query": "Kestrel Solar Institute", "type": "organization", "properties": country},
        q1={"query": "kestrel solar institute", "type": "organization",
            "properties": [{"pid": "country", "v": "KE"}]},
    )  # fmt: skip
    assert answer["q0"][0]["id"] == str(ids["tz"]) and answer["q0"][0]["match"] is True
    assert answer["q1"][0]["id"] == str(ids["ke"]) and answer["q1"][0]["match"] is True
    assert answer["q0"][0]["score"] > answer["q0"][1]["score"]  # the other country scores less


def test_without_properties_two_equal_names_are_no_automatic_match(engine: Engine) -> None:
    ids = _fill(engine)
    [result] = _ask(engine, q0={"query": "Kestrel Solar Institute"}).values()
    assert {r["id"] for r in result[:2]} == {str(ids["ke"]), str(ids["tz"])}
    assert not any(r["match"] for r in result)  # two fit equally: a person decides
    assert result[0]["type"] == [{"id": "organization", "name": "Organization"}]


def test_kind_property_ranks_that_kind_first(engine: Engine) -> None:
    ids = _fill(engine)
    kind = [{"pid": "kind", "v": "company"}]
    [result] = _ask(engine, q0={"query": "Kestrel Solar Institute", "properties": kind}).values()
    assert result[0]["id"] == str(ids["tz"]) and result[0]["match"] is True


def test_merged_records_answer_with_their_canonical_entity_and_retracted_ones_not(
    engine: Engine,
) -> None:
    ids = _fill(engine)
    answer = _ask(
        engine,
        acronym={"query": "KSI", "type": "organization"},
        merged={"query": "Kestrel Solar Inst. of Nakuru", "type": "organization"},
        gone={"query": "Quillon Water Board"},
        person={"query": "Okonkwo-Bello Amara", "type": "person"},
        spelling={"query": "Amara Okonkwo-Belo", "type": "person"},
        nothing={"query": "Zebulon Tidal Works"},
    )
    assert answer["acronym"][0]["id"] == str(ids["ke"])
    assert [r["id"] for r in answer["merged"]][:1] == [str(ids["ke"])]
    assert str(ids["copy"]) not in {r["id"] for r in answer["merged"]}
    assert answer["gone"] == [] and answer["nothing"] == []
    assert answer["person"][0]["id"] == str(ids["person"])
    assert answer["person"][0]["match"] is True
    assert answer["spelling"][0]["id"] == str(ids["person"])
    assert answer["spelling"][0]["features"] == [{"id": "name_rule", "value": "person_spelling"}]
    assert answer["spelling"][0]["match"] is False  # not sure enough to accept unseen


def test_bad_queries_are_refused_with_a_reason() -> None:
    with pytest.raises(QueryError, match="JSON"):
        parse_queries("{not json")
    with pytest.raises(QueryError, match="unknown type"):
        parse_queries(json.dumps({"q0": {"query": "x", "type": "planet"}}))
    with pytest.raises(QueryError, match="limit"):
        parse_queries(json.dumps({"q0": {"query": "x", "limit": True}}))
    assert parse_queries(json.dumps({"q0": {"query": " x ", "limit": 9999}}))["q0"].limit == 25


def test_the_service_needs_a_viewer_unless_opened(client_as: Client) -> None:
    anonymous = client_as(None)
    assert anonymous.get("/reconcile").status_code == 401
    assert anonymous.post("/reconcile", data={"queries": "{}"}).status_code == 401
    assert client_as("viewer").get("/reconcile").json()["versions"] == ["0.1", "0.2"]


def test_opened_service_answers_without_credentials(settings: Settings, engine: Engine) -> None:
    ids = _fill(engine)
    app = create_app(settings.model_copy(update={"reconcile_public": True}))
    client = TestClient(app)
    try:
        found = client.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "KSI"}})})
        assert found.status_code == 200 and found.json()["q0"]["result"][0]["id"] == str(ids["ke"])
        assert client.get("/api/dashboard").status_code == 401  # nothing else opens
        bad = client.post("/reconcile", data={"queries": "[1, 2]"})
        assert bad.status_code == 400 and "JSON object" in bad.json()["detail"]
    finally:
        app.state.engine.dispose()


def test_suggest_and_preview(client_as: Client, web_app: FastAPI) -> None:
    ids = _fill(web_app.state.engine)
    client = client_as("viewer")
    entities = client.get("/reconcile/suggest/entity", params={"prefix": "kestrel sol"}).json()
    assert {r["id"] for r in entities["result"]} == {str(ids["ke"]), str(ids["tz"])}
    people = client.get("/reconcile/suggest/entity", params={"prefix": "amara", "type": "person"})
    assert [r["name"] for r in people.json()["result"]] == ["Amara Okonkwo-Bello"]
    types = client.get("/reconcile/suggest/type", params={"prefix": "per"}).json()["result"]
    assert types == [{"id": "person", "name": "Person"}]
    properties = client.get("/reconcile/suggest/property", params={"prefix": "c"}).json()
    assert [p["id"] for p in properties["result"]] == ["country"]
    card = client.get("/reconcile/preview", params={"id": ids["copy"]})
    assert card.status_code == 200 and "Kestrel Solar Institute" in card.text
    assert "opened a test field" in card.text and "Field notes 4" in card.text
    assert client.get("/reconcile/preview", params={"id": ids["gone"]}).status_code == 404


def test_openrefine_session_over_http(database_url: str, tmp_path: Path, engine: Engine) -> None:
    """What OpenRefine does: read the manifest, then POST the `queries` form field in batches
    (ten queries each), here with the API token as a bearer header."""
    ids = _fill(engine)
    add_user(engine, "refine", "viewer")
    headers = {"Authorization": f"Bearer {token_for(engine, 'refine')}"}
    names = ["Kestrel Solar Institute", "KSI", "Amara Okonkwo-Bello", "Nowhere Things Ltd"] * 5
    with live_server(database_url, tmp_path / "home") as base, httpx.Client(base_url=base) as http:
        assert http.get("/reconcile").status_code == 401
        service = http.get("/reconcile", headers=headers).json()
        assert service["identifierSpace"] == f"{base}/entities/"
        assert service["view"]["url"] == f"{base}/entities/{{{{id}}}}"
        assert service["suggest"]["entity"]["service_path"] == "/suggest/entity"
        results: dict[str, list[dict[str, object]]] = {}
        for batch in range(0, len(names), 10):
            queries = {f"q{i}": {"query": names[i], "type_strict": "should",
                                 "properties": [{"pid": "country", "v": "KE"}]}
                       for i in range(batch, batch + 10)}  # fmt: skip
            reply = http.post("/reconcile", data={"queries": json.dumps(queries)}, headers=headers)
            assert reply.status_code == 200
            results.update({k: v["result"] for k, v in reply.json().items()})
    assert len(results) == 20
    assert all(results[f"q{i}"][0]["id"] == str(ids["ke"]) for i in range(0, 20, 4))
    assert all(results[f"q{i}"][0]["match"] for i in range(0, 20, 4))
    assert all(results[f"q{i}"][0]["id"] == str(ids["person"]) for i in range(2, 20, 4))
    assert all(results[f"q{i}"] == [] for i in range(3, 20, 4))
    forget_index_of(engine)


def forget_index_of(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        forget_index(session)
