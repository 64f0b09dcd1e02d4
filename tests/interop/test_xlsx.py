"""The .xlsx workbook: a sheet per entity type and one of relations, each fact with its evidence."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine
from typer.testing import CliRunner

from greenbridge.cli import app as cli
from greenbridge.interop.xlsx import write_workbook
from greenbridge.settings import Settings
from greenbridge.store.db import make_sessionmaker, transaction
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation
from greenbridge.web.app import create_app
from tests.web.helpers import add_user, token_for

SENTENCE = "Dr. Ana Ruiz directs the Andes Solar Lab."


def _add_facts(engine: Engine) -> None:
    with transaction(engine) as session:
        document = Document(content_hash="c" * 64, title="Alliance newsletter 3",
                            source="https://example.org/newsletter-3", media_type="text/plain",
                            size_bytes=10, text=SENTENCE)  # fmt: skip
        org = Entity(type="organization", name="Andes Solar Lab",
                     attributes={"country": "PE", "kind": "research_institute",
                                 "countries": ["PE", "BO"]})  # fmt: skip
        person = Entity(type="person", name="Ana Ruiz", attributes={"honorifics": ["Dr."]})
        sly = Entity(type="technology", name='=HYPERLINK("http://x")\x07', attributes={})
        session.add_all([document, org, person, sly])
        session.flush()
        session.add(Alias(entity_id=org.id, name="ASL", normalized="ASL"))
        relation = Relation(type="position", subject_id=person.id, object_id=org.id,
                            attributes={"title": "Director"})  # fmt: skip
        session.add(relation)
        session.flush()
        session.add_all([
            Evidence(relation_id=relation.id, document_id=document.id, sentence=SENTENCE),
            Evidence(entity_id=person.id, document_id=document.id, sentence=SENTENCE),
            Evidence(entity_id=org.id, user="editor1"),
        ])  # fmt: skip


def _sheets(data: bytes | Path) -> dict[str, list[dict[str, object]]]:
    book = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    found = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        found[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return found


def test_workbook_has_a_sheet_per_type_with_evidence(engine: Engine) -> None:
    _add_facts(engine)
    out = io.BytesIO()
    with make_sessionmaker(engine)() as session:
        counts = write_workbook(session, out)
    assert counts == {"People": 1, "Organizations": 1, "Events": 0, "Initiatives": 0,
                      "Technologies": 1, "Relations": 1}  # fmt: skip
    sheets = _sheets(out.getvalue())
    [org] = sheets["Organizations"]
    assert org["name"] == "Andes Solar Lab" and org["aliases"] == "ASL"
    assert org["country"] == "PE" and org["kind"] == "research_institute"  # schema columns
    assert org["other_attributes"] == '{"countries": ["PE", "BO"]}'
    assert org["entered_by"] == "editor1"
    [person] = sheets["People"]
    assert person["honorifics"] == "Dr." and person["sentence"] == SENTENCE
    assert person["document_title"] == "Alliance newsletter 3"
    assert person["document_address"] == "https://example.org/newsletter-3"
    [relation] = sheets["Relations"]
    assert relation["subject"] == "Ana Ruiz" and relation["object"] == "Andes Solar Lab"
    assert (
        relation["sentence"] == SENTENCE and relation["document_title"] == "Alliance newsletter 3"
    )


def test_a_name_like_a_formula_stays_text(engine: Engine) -> None:
    _add_facts(engine)
    out = io.BytesIO()
    with make_sessionmaker(engine)() as session:
        write_workbook(session, out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    cell = book["Technologies"]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'  # bell removed


def test_cli_export_format_xlsx(engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _add_facts(engine)
    monkeypatch.setenv("GREENBRIDGE_DATABASE_URL", database_url)
    target = tmp_path / "graph.xlsx"
    done = CliRunner().invoke(cli, ["export", "--format", "xlsx", "--output", str(target)])
    assert done.exit_code == 0, done.output
    assert [r["name"] for r in _sheets(target)["People"]] == ["Ana Ruiz"]
    refused = CliRunner().invoke(cli, ["export", "--format", "xlsx"])
    assert refused.exit_code == 2 and "--output" in refused.output


def test_web_route_beside_the_csv_exports(settings: Settings, engine: Engine) -> None:
    _add_facts(engine)
    app = create_app(settings)
    try:
        client = TestClient(app)
        assert client.get("/api/export/graph.xlsx").status_code == 401
        add_user(engine, "analyst", "viewer")
        headers = {"Authorization": f"Bearer {token_for(engine, 'analyst')}"}
        reply = client.get("/api/export/graph.xlsx", headers=headers)
        assert reply.status_code == 200 and reply.headers["content-type"].endswith(".sheet")
        assert [r["name"] for r in _sheets(reply.content)["Organizations"]] == ["Andes Solar Lab"]
    finally:
        app.state.engine.dispose()
