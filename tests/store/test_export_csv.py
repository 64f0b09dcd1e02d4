"""The CSV exports carry the evidence sentence, document title and address of each fact."""

import csv
import io

from sqlalchemy import Engine

from greenbridge.store.db import make_sessionmaker, transaction
from greenbridge.store.models import Document, Entity, Evidence, Relation
from greenbridge.store.overview import write_entities_csv, write_relations_csv


def _add_facts(engine: Engine) -> None:
    with transaction(engine) as session:
        document = Document(content_hash="a" * 64, title="Alliance newsletter 3",
                            source="file:///archive/newsletter-3.txt", media_type="text/plain",
                            size_bytes=10, text="Dr. Ana Ruiz directs the Andes Solar Lab.")  # fmt: skip
        org = Entity(type="organization", name="Andes Solar Lab", attributes={})
        person = Entity(type="person", name="Ana Ruiz", attributes={})
        copy = Entity(type="person", name="A. Ruiz", attributes={})
        session.add_all([document, org, person, copy])
        session.flush()
        copy.canonical_id = person.id
        relation = Relation(type="position", subject_id=person.id, object_id=org.id,
                            attributes={"title": "Director"})  # fmt: skip
        session.add(relation)
        session.flush()
        sentence = "Dr. Ana Ruiz directs the Andes Solar Lab."
        session.add_all([
            Evidence(relation_id=relation.id, document_id=document.id, sentence=sentence),
            Evidence(entity_id=copy.id, document_id=document.id, sentence=sentence),
            Evidence(entity_id=org.id, user="editor1"),
        ])  # fmt: skip


def _rows(engine: Engine, write) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with make_sessionmaker(engine)() as session:
        write(session, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_relations_csv_names_sentence_and_document(engine: Engine) -> None:
    _add_facts(engine)
    [row] = _rows(engine, write_relations_csv)
    assert row["subject"] == "Ana Ruiz" and row["object"] == "Andes Solar Lab"
    assert row["sentence"] == "Dr. Ana Ruiz directs the Andes Solar Lab."
    assert row["document_title"] == "Alliance newsletter 3"
    assert row["document_address"] == "file:///archive/newsletter-3.txt"


def test_entities_csv_uses_merged_evidence_and_names_user_entries(engine: Engine) -> None:
    _add_facts(engine)
    rows = {row["name"]: row for row in _rows(engine, write_entities_csv)}
    assert set(rows) == {"Andes Solar Lab", "Ana Ruiz"}
    person = rows["Ana Ruiz"]
    assert person["sentence"].startswith("Dr. Ana Ruiz") and person["entered_by"] == ""
    assert person["document_title"] == "Alliance newsletter 3"
    org = rows["Andes Solar Lab"]
    assert org["entered_by"] == "editor1" and org["sentence"] == org["document_title"] == ""
