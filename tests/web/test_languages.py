"""Documents in other languages: stored, their language shown in the upload result and on the
document page, with a plain note that they are not extracted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.ingest import ingest_bytes
from greenbridge.match.importing import store_records
from greenbridge.match.records import MatchRecord
from greenbridge.store.db import transaction
from tests.conftest import FIXTURES
from tests.web.helpers import add_user, token_for

Client = Callable[[str | None], TestClient]

TEXTS = {
    "fr": "Le centre de recherche et les partenaires de la région ont signé un accord pour "
    "la gestion de l'eau dans les zones arides. Les essais commencent en mai.",
    "es": "El instituto y los socios de la región firmaron un acuerdo para el riego por goteo "
    "en las zonas secas. Las pruebas empiezan en mayo con los agricultores.",
    "pt": "O instituto e os parceiros da região assinaram um acordo para a gestão da água "
    "nas zonas secas. Os testes começam em maio com os agricultores.",
    "ru": "Институт и партнёры из региона подписали соглашение о совместных исследованиях в "
    "области солнечной энергетики. Испытания начнутся в мае.",
    "ar": "وقع المعهد والشركاء في المنطقة اتفاقية للبحث المشترك في مجال الطاقة الشمسية. "
    "وتبدأ التجارب في شهر مايو.",
}
NAMES = {"fr": "French", "es": "Spanish", "pt": "Portuguese", "ru": "Russian", "ar": "Arabic"}


@pytest.fixture
def api(client_as: Client, app_engine: Engine) -> TestClient:
    client = client_as(None)
    add_user(app_engine, "uploader", "editor")
    client.headers["Authorization"] = f"Bearer {token_for(app_engine, 'uploader')}"
    return client


def test_the_upload_result_names_the_language(api: TestClient) -> None:
    files = [
        ("files", (f"{code}.txt", body.encode(), "text/plain")) for code, body in TEXTS.items()
    ]
    files.append(("files", ("zh.txt", (FIXTURES / "zh_news.txt").read_bytes(), "text/plain")))
    answer = api.post("/api/documents", params={"wait": "true"}, files=files)
    rows = answer.json()["job"]["files"]
    assert [r["state"] for r in rows] == ["added"] * 6
    for row, code in zip(rows, TEXTS, strict=False):
        assert f"in {NAMES[code]} ({code}): stored and searchable" in row["unextracted"]
        assert "no entities or relations were extracted" in row["unextracted"]
        assert row["counts"]["entities"] == row["counts"]["relations"] == 0
    chinese = rows[-1]  # Chinese is extracted
    assert chinese["unextracted"] is None
    assert chinese["counts"]["entities"] > 0


def test_the_document_page_shows_the_language(client_as: Client, app_engine: Engine) -> None:
    client = client_as("viewer")
    french = ingest_bytes(app_engine, TEXTS["fr"].encode(), "fr.txt")
    plain = ingest_bytes(app_engine, b"Solar panels, wind turbines, batteries.", "list.txt")
    page = client.get(f"/documents/{french.document_id}").text
    assert '<span id="document-language">French (fr)</span>' in page
    assert 'id="document-language-note">Text in French (fr): stored and searchable' in page
    page = client.get(f"/documents/{plain.document_id}").text
    assert '<span id="document-language">unknown language</span>' in page
    assert "document-language-note" not in page


def test_the_upload_page_says_which_languages_are_extracted(client_as: Client) -> None:
    page = client_as("editor").get("/upload").text
    assert '<span id="upload-extracted">Chinese and English</span>' in page


def test_the_match_page_says_when_a_need_is_in_a_language_it_cannot_rank(
    client_as: Client, app_engine: Engine
) -> None:
    with transaction(app_engine) as session:
        store_records(session, [MatchRecord(
            kind="technology", source_id="t-pump", title="Solar irrigation pump",
            description="Solar powered pumps let smallholder farmers irrigate fields.",
        )], origin="test")  # fmt: skip
    client = client_as("viewer")
    french = {"need": "irrigation des champs pour les petits agriculteurs de la région"}
    answer = client.get("/api/match", params=french).json()
    assert answer["language"] == "fr"
    assert "French (fr)" in answer["language_note"]
    english = client.get("/api/match", params={"need": "irrigation for smallholder farmers"})
    assert english.json()["language_note"] is None
    page = client.get("/match", params=french).text
    assert 'id="match-language"' in page and "ranks English text only" in page
