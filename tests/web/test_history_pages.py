"""The entity page's Unmerge buttons, the evidence links to the sentence, and the decision
history on /review with its undo and restore forms; the same data from the JSON routes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from greenbridge.ingest import ingest_bytes
from greenbridge.resolve import UNSURE, judge, merge, resolve_id
from greenbridge.store import corrections
from greenbridge.store.db import make_sessionmaker, transaction
from greenbridge.store.models import Alias, Evidence
from tests.web.test_pages import _entity, _form

Client = Callable[[str | None], TestClient]


@pytest.fixture
def editor(client_as: Client) -> TestClient:
    return client_as("editor")


def _merged_pair(engine: Engine) -> tuple[int, int]:
    a = _entity(engine, "organization", "Kenya Water Institute")
    b = _entity(engine, "organization", "KWI Nairobi")
    with transaction(engine) as session:
        merge(session, a, b, user="amina")
    return a, b


def test_entity_page_unmerges_a_merged_record(editor: TestClient, app_engine: Engine) -> None:
    a, b = _merged_pair(app_engine)
    page = editor.get(f"/entities/{a}").text
    item = page.split(f'<li data-record="{b}">')[1].split("</li>")[0]
    assert "KWI Nairobi" in item and "merged by amina on" in item
    assert f'action="/entities/{a}/unmerge"' in item and 'name="other" value="' + str(b) in item
    page = _form(editor, f"/entities/{a}/unmerge", other=str(b))
    assert f"Unmerged record {b}: an entity of its own again" in page
    assert 'id="merged-records"' not in page
    with make_sessionmaker(app_engine)() as session:
        assert resolve_id(session, a) == a and resolve_id(session, b) == b
    assert "<h1>KWI Nairobi</h1>" in editor.get(f"/entities/{b}").text
    review = editor.get("/review").text
    assert re.search(r"editor: <strong>different</strong>", review)
    undo = review.split('action="/judgements/')[1].split("/undo")[0]
    _form(editor, f"/judgements/{undo}/undo", back="/review")
    with make_sessionmaker(app_engine)() as session:
        assert resolve_id(session, b) == a


def test_unmerging_a_record_that_is_not_merged_is_refused(
    editor: TestClient, app_engine: Engine
) -> None:
    a = _entity(app_engine, "organization", "Alone Lab")
    other = _entity(app_engine, "organization", "Other Lab")
    page = _form(editor, f"/entities/{a}/unmerge", other=str(other))
    assert f"record {other} is not merged into entity {a}" in page


def test_viewers_see_merged_records_without_the_button(
    client_as: Client, app_engine: Engine
) -> None:
    a, b = _merged_pair(app_engine)
    page = client_as("viewer").get(f"/entities/{a}").text
    assert f'<li data-record="{b}">' in page and "/unmerge" not in page


def test_review_history_restores_a_retracted_relation(
    editor: TestClient, app_engine: Engine
) -> None:
    org = _entity(app_engine, "organization", "Nile Valley Energy Institute")
    with transaction(app_engine) as session:
        relation = corrections.add_relation(session, type="cooperates_with", subject_id=org,
                                            country="EG", user="seed").id  # fmt: skip
    _form(editor, f"/relations/{relation}/retract", back=f"/entities/{org}")
    review = editor.get("/review").text
    item = review.split('<li data-kind="relation">')[1].split("</li>")[0]
    assert "editor: <strong>retracted</strong> relation" in item
    assert "Nile Valley Energy Institute cooperates with EG" in item
    assert f'action="/relations/{relation}/restore"' in item
    page = _form(editor, f"/relations/{relation}/restore", back="/review")
    assert "Relation restored." in page
    assert "cooperates with" in editor.get(f"/entities/{org}").text
    history = editor.get("/api/history").json()
    assert [(h["action"], h["kind"], h["undo"]) for h in history[:2]] == [
        ("restored", "relation", None), ("retracted", "relation", None),
    ]  # fmt: skip


def test_api_unmerge_record_and_merged_list(editor: TestClient, app_engine: Engine) -> None:
    a, b = _merged_pair(app_engine)
    merged = editor.get(f"/api/entities/{a}/merged").json()
    assert [(m["record_id"], m["user"]) for m in merged] == [(b, "amina")]
    answer = editor.post(f"/api/entities/{a}/unmerge-record", json={"other_id": b})
    assert answer.status_code == 200 and answer.json() == {"canonical_id": a, "left": [b]}
    assert editor.get(f"/api/entities/{a}/merged").json() == []
    again = editor.post(f"/api/entities/{a}/unmerge-record", json={"other_id": b})
    assert again.status_code == 409


def test_evidence_links_open_the_document_at_the_sentence(
    editor: TestClient, app_engine: Engine
) -> None:
    text = b"Water notes.\n\nThe Kenya Water Institute signed an agreement in Nairobi. Other news."
    result = ingest_bytes(app_engine, text, "notes.txt")
    org = _entity(app_engine, "organization", "Kenya Water Institute")
    with transaction(app_engine) as session:
        start = text.decode().index("Kenya")
        corrections.add_alias(session, org, "KWI", user="seed")
        session.add(Evidence(entity_id=org, document_id=result.document_id, start=start,
                             end=start + 21, text="Kenya Water Institute",
                             sentence="The Kenya Water Institute signed an agreement in Nairobi.",
                             extractor="rules"))  # fmt: skip
    page = editor.get(f"/entities/{org}").text
    link = f"/documents/{result.document_id}?at={start}-{start + 21}#s-{start}"
    assert f'href="{link}"' in page
    document = editor.get(link.split("#")[0]).text
    marked = re.findall(r'<mark class="at-evidence"[^>]*>(.*?)</mark>', document)
    assert len(marked) == 1 and f'id="s-{start}"' in document
    assert f'<a class="mention t-organization" href="/entities/{org}"' in marked[0]
    assert re.sub(r"<[^>]+>", "", marked[0]) == (
        "The Kenya Water Institute signed an agreement in Nairobi."
    )


def test_review_sentences_link_to_the_sentence(editor: TestClient, app_engine: Engine) -> None:
    text = b"The Kenya Water Institute met the minister in Nairobi."
    result = ingest_bytes(app_engine, text, "minister.txt")
    a = _entity(app_engine, "organization", "Kenya Water Institute")
    b = _entity(app_engine, "organization", "Kenya Water Inst.")
    with transaction(app_engine) as session:
        alias = session.scalars(select(Alias).where(Alias.entity_id == a)).one()
        session.add(Evidence(alias_id=alias.id, document_id=result.document_id, start=4, end=25,
                             text="Kenya Water Institute", sentence=text.decode(),
                             extractor="rules"))  # fmt: skip
        judge(session, a, b, UNSURE, score=0.8, rule="test")
    review = editor.get("/review").text
    assert f'href="/documents/{result.document_id}?at=4-25#s-4"' in review
