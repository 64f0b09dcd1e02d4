import io
import json

from sqlalchemy import Engine

from greenbridge.ingest import ingest_paths
from greenbridge.store.db import make_engine, make_sessionmaker, transaction, upgrade
from greenbridge.store.exchange import import_records, read_jsonl, write_jsonl
from greenbridge.store.models import Alias, Entity, Evidence, Judgement, Relation
from tests.conftest import CORPUS


def _add_graph(engine: Engine) -> None:
    [result] = ingest_paths(engine, [next(CORPUS.glob("001_*.txt"))])
    with transaction(engine) as session:
        org = Entity(type="organization", name="Dryland Institute", attributes={"country": "KE"})
        person = Entity(type="person", name="Jane Mwangi", attributes={"honorifics": ["Dr."]})
        copy = Entity(type="person", name="Jane MWANGI", attributes={})
        session.add_all([org, person, copy])
        session.flush()
        copy.canonical_id = person.id
        session.add(Alias(entity_id=org.id, name="DI", normalized="di"))
        relation = Relation(
            type="position",
            subject_id=person.id,
            object_id=org.id,
            attributes={"title": "Director"},
        )
        session.add(relation)
        session.flush()
        session.add(
            Evidence(
                relation_id=relation.id,
                document_id=result.document_id,
                start=0,
                end=10,
                sentence="Dr. Jane Mwangi, Director",
                extractor="test",
            )
        )
        session.add(
            Judgement(left_id=person.id, right_id=copy.id, decision="same", score=0.97, rule="test")
        )


def _export(engine: Engine) -> str:
    out = io.StringIO()
    with make_sessionmaker(engine)() as session:
        write_jsonl(session, out)
    return out.getvalue()


def test_export_import_round_trip_is_lossless(engine: Engine, tmp_path) -> None:
    _add_graph(engine)
    exported = _export(engine)
    kinds = {json.loads(line)["kind"] for line in exported.splitlines()}
    assert {"document", "article", "entity", "alias", "relation", "evidence", "judgement"} <= kinds
    target = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    upgrade(target)
    with transaction(target) as session:
        counts = import_records(session, read_jsonl(exported.splitlines()))
    assert counts["entity"] == 3
    assert _export(target) == exported
    with transaction(target) as session:  # ids continue after the imported ones
        entity = Entity(type="organization", name="New", attributes={})
        session.add(entity)
        session.flush()
        assert entity.id == 4


def test_import_into_the_same_backend(engine: Engine) -> None:
    _add_graph(engine)
    exported = _export(engine)
    with transaction(engine) as session:
        for model in (Judgement, Evidence, Relation, Alias):
            session.query(model).delete()
        session.query(Entity).update({Entity.canonical_id: None})
        session.query(Entity).delete()
        from greenbridge.store.models import Article, Document

        session.query(Article).delete()
        session.query(Document).delete()
    with transaction(engine) as session:
        import_records(session, read_jsonl(exported.splitlines()))
    assert _export(engine) == exported
    with transaction(engine) as session:
        entity = Entity(type="organization", name="Next", attributes={})
        session.add(entity)
        session.flush()
        assert entity.id == 4
