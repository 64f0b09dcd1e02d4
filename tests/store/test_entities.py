"""Entity pages and full-text search read from the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from greenbridge.resolve import merge
from greenbridge.resolve.normalize import name_key
from greenbridge.store.db import transaction
from greenbridge.store.entities import entity_page, search_documents, search_entities
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation
from greenbridge.store.search import PG_ALIAS_VECTOR, PG_DOCUMENT_VECTOR, query_words


def _entity(session: Session, name: str, kind: str = "organization", **attributes: str) -> int:
    entity = Entity(type=kind, name=name, attributes=attributes)
    session.add(entity)
    session.flush()
    session.add(Alias(entity_id=entity.id, name=name, normalized=name_key(name, kind)))
    session.flush()
    return entity.id


def _document(session: Session, title: str, text: str) -> int:
    document = Document(
        content_hash=str(abs(hash(title + text))), title=title, media_type="text/plain",
        size_bytes=len(text), text=text, published="2024-05-02",
    )  # fmt: skip
    session.add(document)
    session.flush()
    return document.id


def test_search_matches_word_prefixes_closest_first(engine: Engine) -> None:
    with transaction(engine) as session:
        long = _entity(session, "Solar Energy Research Centre for Drylands")
        short = _entity(session, "Solar Energy Centre")
        _entity(session, "Wind Energy Network")
        person = _entity(session, "Amina Solarz", "person")
    with transaction(engine) as session:
        hits = search_entities(session, "solar ener")
        assert [h.id for h in hits] == [short, long]
        assert search_entities(session, "Solar Energy Centre")[0].id == short
        assert [h.id for h in search_entities(session, "solar", entity_type="person")] == [person]
        assert search_entities(session, "lar") == []  # words match from their start
        assert search_entities(session, "sol energy") == []  # only the last word is a prefix
        assert search_entities(session, "  ,, ") == []


def test_search_folds_accents_and_follows_renames_and_retraction(engine: Engine) -> None:
    with transaction(engine) as session:
        org = _entity(session, "Université de Ouagadougou Énergie")
    with transaction(engine) as session:
        assert [h.id for h in search_entities(session, "universite energ")] == [org]
        session.execute(
            update(Alias).where(Alias.entity_id == org).values(name="Sahel Water Institute",
                                                               normalized="sahel water institute")
        )  # fmt: skip
    with transaction(engine) as session:
        assert search_entities(session, "universite") == []
        assert [h.id for h in search_entities(session, "sahel wat")] == [org]
        session.execute(update(Entity).where(Entity.id == org).values(retracted_by="x",
                                                                      retracted_at=Entity.created_at))  # fmt: skip
    with transaction(engine) as session:
        assert search_entities(session, "sahel") == []


def test_search_returns_a_merged_entity_once(engine: Engine) -> None:
    with transaction(engine) as session:
        left = _entity(session, "Desert Ecology Alliance")
        right = _entity(session, "Alliance of Desert Ecology")
        canonical = merge(session, left, right)
    with transaction(engine) as session:
        hits = search_entities(session, "desert ecology")
        assert [h.id for h in hits] == [canonical]


def test_document_search_ranks_and_snips(engine: Engine) -> None:
    with transaction(engine) as session:
        once = _document(session, "Bulletin", "A note on drip irrigation in the Sahel. " * 3)
        often = _document(session, "Irrigation news", "Drip irrigation. " * 40 + "irrigated")
        _document(session, "Other", "Nothing about water here.")
    with transaction(engine) as session:
        hits = search_documents(session, "drip irrigation")
        assert {h.id for h in hits} == {once, often}
        assert hits[0].id == often
        assert "drip irrigation" in hits[1].snippet.lower()
        assert [h.id for h in search_documents(session, "irrigat")] == [often, once]
        session.execute(update(Document).where(Document.id == once).values(text="Gone."))
    with transaction(engine) as session:
        assert [h.id for h in search_documents(session, "drip")] == [often]


def test_query_words_are_folded_and_bounded() -> None:
    assert query_words("Énergie, SOLAIRE & co!") == ["energie", "solaire", "and", "co"]
    assert len(query_words("a b c d e f g h")) == 6


def test_search_expressions_are_those_of_the_migration() -> None:
    from importlib import import_module

    migration = import_module("greenbridge.store.migrations.versions.0003_full_text_search")
    assert migration.PG_ALIAS_VECTOR == PG_ALIAS_VECTOR
    assert migration.PG_DOCUMENT_VECTOR == PG_DOCUMENT_VECTOR


def test_entity_page_merges_records_and_shows_each_sentence_once(engine: Engine) -> None:
    with transaction(engine) as session:
        org = _entity(session, "Green Water Institute", country="KE")
        twin = _entity(session, "Green Water Inst.", founded="1999")
        event = _entity(session, "Nairobi Water Forum", "event", start="2024-03-04")
        document = _document(session, "News", "The Green Water Institute joined the forum.")
        relation = Relation(type="participated", subject_id=twin, object_id=event, attributes={})
        session.add(relation)
        session.flush()
        sentence = "The Green Water Institute joined the forum."
        for start in (0, 4):  # two mentions in one sentence: one piece of evidence shown
            session.add(Evidence(relation_id=relation.id, document_id=document,
                                 sentence=sentence, start=start, end=start + 5))  # fmt: skip
        session.add(Evidence(entity_id=org, document_id=document, sentence=sentence))
        canonical = merge(session, org, twin)
    with transaction(engine) as session:
        page = entity_page(session, twin)
        assert page is not None and page.id == canonical
        assert sorted(page.record_ids) == sorted([org, twin])
        assert page.attributes == {"country": "KE", "founded": "1999"}
        assert {n.name for n in page.names} == {"Green Water Institute", "Green Water Inst."}
        assert [e.sentence for e in page.attribute_evidence] == [sentence]
        assert page.relation_total == 1
        (item,) = page.relations
        assert (item.direction, item.other_id, item.other_type) == ("out", event, "event")
        assert [e.sentence for e in item.evidence] == [sentence]
        assert item.date == "2024-03-04"
        assert [t.date for t in page.timeline] == ["2024-03-04"]
        other = entity_page(session, event)
        assert other is not None and other.relations[0].direction == "in"
        assert other.relations[0].other_id == canonical
        past = entity_page(session, twin, offset=5)
        assert past is not None and (past.relations, past.relation_total) == ([], 1)
        assert entity_page(session, 10**9) is None
