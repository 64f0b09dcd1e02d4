"""link_extraction stores entities, aliases, relations and evidence, and links across documents."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greenbridge.resolve import (
    LinkResult,
    link_extraction,
    resolve_id,
    review_queue,
)
from greenbridge.store.entities import entity_page
from greenbridge.store.models import Alias, Document, Entity, Evidence, Judgement, Relation
from tests.resolve.helpers import add_document, entity, extraction, relation

TEXT_A = (
    "The Institute of Solar Materials (ISM) hosted a forum in Lagos. "
    "Prof. Lena Okafor, Director of ISM, opened it. "
    "ISM deployed solar dryers in Kenya."
)
TEXT_B = (
    "OKAFOR Lena of the Institute of Solar Materials spoke in Accra. "
    "The Institute of Solar Materials works with Kenya."
)


def _link(
    session: Session, title: str, text: str, entities: list, relations: list | None = None
) -> LinkResult:
    """Store `text` as a document and link its extraction (article 0 is the whole text)."""
    document = add_document(session, text, title)
    found = extraction(f"{title}.txt", entities, relations)
    articles = {0: document.articles[0].id}
    return link_extraction(session, document=document, extraction=found, article_ids=articles)


def _first(session: Session) -> dict[str, int]:
    result = _link(
        session,
        "a",
        TEXT_A,
        [
            entity(
                TEXT_A,
                "o1",
                "organization",
                "Institute of Solar Materials",
                "ISM",
                country="NG",
            ),
            entity(TEXT_A, "p1", "person", "Lena Okafor", honorifics=["Prof."]),
        ],
        [
            relation(TEXT_A, "position", "p1", "o1", "Director of ISM", title="Director"),
            relation(TEXT_A, "deployed", "o1", "KE", "deployed solar dryers in Kenya"),
        ],
    )
    return result.entity_ids


def test_first_document_creates_entities_aliases_relations_and_evidence(session: Session) -> None:
    ids = _first(session)
    org = session.get(Entity, ids["o1"])
    assert org is not None and org.attributes["country"] == "NG"
    names = set(session.scalars(select(Alias.normalized).where(Alias.entity_id == ids["o1"])))
    assert names == {"institute of solar materials", "ism"}
    position = session.scalars(select(Relation).where(Relation.type == "position")).one()
    assert (position.subject_id, position.object_id) == (ids["p1"], ids["o1"])
    assert position.attributes == {"title": "Director"}
    deployed = session.scalars(select(Relation).where(Relation.type == "deployed")).one()
    assert deployed.object_id is None and deployed.object_country == "KE"
    evidence = session.scalars(select(Evidence).where(Evidence.relation_id == position.id)).one()
    assert evidence.sentence is not None and "Director of ISM, opened it." in evidence.sentence
    assert (evidence.start, evidence.end) == (
        TEXT_A.index("Director of ISM"),
        TEXT_A.index("Director of ISM") + 15,
    )
    assert evidence.article_id is not None and evidence.extractor == "greenbridge.rules"
    country = session.scalars(select(Evidence).where(Evidence.attribute == "country")).one()
    assert country.entity_id == ids["o1"]


def test_second_document_links_by_name_and_person_name_order(session: Session) -> None:
    first = _first(session)
    result = _link(
        session,
        "b",
        TEXT_B,
        [
            entity(TEXT_B, "p1", "person", "Lena Okafor", "OKAFOR Lena"),
            entity(TEXT_B, "o1", "organization", "Institute of Solar Materials", country="NG"),
        ],
    )
    assert result.entity_ids == first
    assert session.scalar(select(func.count()).select_from(Entity)) == 2
    view = entity_page(session, first["p1"])
    assert view is not None
    names = {name.name: name.evidence for name in view.names}
    sentences = [e.sentence for e in names["OKAFOR Lena"]]
    assert sentences == ["OKAFOR Lena of the Institute of Solar Materials spoke in Accra."]


def test_same_name_in_another_country_stays_apart(session: Session) -> None:
    first = _first(session)
    text = "The Institute of Solar Materials of Peru opened a lab."
    result = _link(
        session,
        "c",
        text,
        [entity(text, "o1", "organization", "Institute of Solar Materials", country="PE")],
    )
    assert result.entity_ids["o1"] != first["o1"]
    assert resolve_id(session, result.entity_ids["o1"]) == result.entity_ids["o1"]
    assert session.scalar(select(func.count()).select_from(Judgement)) == 0


def test_variant_name_is_judged_same_and_resolves_to_canonical(session: Session) -> None:
    first = _first(session)
    text = "Prof. Lena Okafor visited the Solar Materials Institute"
    result = _link(
        session,
        "d",
        text,
        [
            entity(text, "o1", "organization", "Solar Materials Institute", country="NG"),
            entity(text, "p1", "person", "Prof. Lena Okafor"),
        ],
    )
    new_org = result.entity_ids["o1"]
    assert new_org != first["o1"]
    assert resolve_id(session, new_org) == first["o1"]
    assert result.judged_same == [(new_org, first["o1"])]
    judgement = session.scalars(select(Judgement)).one()
    assert judgement.decision == "same" and judgement.rule is not None
    assert result.entity_ids["p1"] == first["p1"]


def test_acronym_defined_elsewhere_links_and_spelling_variant_goes_to_review(
    session: Session,
) -> None:
    first = _first(session)
    text = "ISM trained engineers. Dr Lena Okafur presented a dryer."
    result = _link(
        session,
        "e",
        text,
        [
            entity(text, "o1", "organization", "ISM"),
            entity(text, "p1", "person", "Lena Okafur", honorifics=["Dr"]),
        ],
    )
    assert resolve_id(session, result.entity_ids["o1"]) == first["o1"]
    person = result.entity_ids["p1"]
    assert resolve_id(session, person) == person
    queued = review_queue(session)
    assert [(q.left_id, q.right_id) for q in queued] == [tuple(sorted((person, first["p1"])))]
    assert queued[0].rule is not None and queued[0].rule.startswith("person_spelling")


def test_an_organization_seen_in_two_countries_stays_one_with_both(session: Session) -> None:
    ids = []
    for country in ("NG", "PE"):
        text = f"The Kestrel Solar Society works in {country}."
        entities = [entity(text, "o1", "organization", "Kestrel Solar Society", country=country)]
        result = _link(session, country, text, entities)
        ids.append(result.entity_ids["o1"])
    text = "The Kestrel Solar Society and the Kestrel Solar Society met."
    result = _link(
        session, "both", text, [entity(text, "o1", "organization", "Kestrel Solar Society")]
    )
    assert ids == [result.entity_ids["o1"]] * 2
    stored = session.get(Entity, ids[0])
    assert stored is not None
    assert stored.attributes["country"] == "NG" and stored.attributes["countries"] == ["NG", "PE"]
    evidence = session.scalars(select(Evidence).where(Evidence.attribute == "country")).all()
    assert sorted(e.document_id for e in evidence) == sorted(
        session.scalars(select(Document.id).where(Document.title.in_(["NG", "PE"])))
    )
    assert review_queue(session) == []


def test_the_same_relation_twice_is_one_relation_with_two_evidence(session: Session) -> None:
    _first(session)
    text = "Prof. Lena Okafor, Director of ISM, spoke again."
    _link(
        session,
        "again",
        text,
        [
            entity(text, "o1", "organization", "Institute of Solar Materials", "ISM", country="NG"),
            entity(text, "p1", "person", "Lena Okafor"),
        ],
        [relation(text, "position", "p1", "o1", "Director of ISM", title="Director")],
    )
    position = session.scalars(select(Relation).where(Relation.type == "position")).one()
    evidence = session.scalars(select(Evidence).where(Evidence.relation_id == position.id)).all()
    assert len({e.document_id for e in evidence}) == 2
