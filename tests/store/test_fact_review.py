"""Relations below the publish threshold wait for review; accepted ones are published,
rejected ones retracted; both are recorded as the user's evidence."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve import link_extraction
from greenbridge.store.entities import entity_page
from greenbridge.store.fact_review import (
    ACCEPTED,
    accept_fact,
    pending_counts,
    pending_facts,
    reject_fact,
)
from greenbridge.store.models import Evidence, Relation
from tests.resolve.helpers import add_document, entity, extraction, relation

TEXT = (
    "Dr. Amina Diallo is Director of the Sahel Water Institute. "
    "The Sahel Water Institute cooperates with the Delta Energy Agency."
)


def _store(
    session: Session, position: float, cooperation: float, title: str = "a"
) -> tuple[int, int]:
    document = add_document(session, TEXT + f"\n{title}", title=title)
    entities = [
        entity(TEXT, "p1", "person", "Amina Diallo"),
        entity(TEXT, "o1", "organization", "Sahel Water Institute"),
        entity(TEXT, "o2", "organization", "Delta Energy Agency"),
    ]
    first = relation(TEXT, "position", "p1", "o1", "Director", title="Director")
    second = relation(TEXT, "cooperates_with", "o1", "o2", "cooperates")
    first.confidence, second.confidence = position, cooperation
    result = link_extraction(
        session,
        document=document,
        extraction=extraction("a.txt", entities, [first, second]),
        publish_threshold=0.6,
    )
    session.flush()
    return result.entity_ids["p1"], result.entity_ids["o1"]


def _types_on_page(session: Session, entity_id: int) -> set[str]:
    page = entity_page(session, entity_id)
    assert page is not None
    return {r.type for r in page.relations}


def test_a_relation_below_the_threshold_waits_and_is_not_shown(session: Session) -> None:
    person, institute = _store(session, position=0.9, cooperation=0.4)
    reviews = dict(session.execute(select(Relation.type, Relation.review)).all())
    assert reviews == {"position": False, "cooperates_with": True}
    assert _types_on_page(session, institute) == {"position"}
    waiting = pending_facts(session)
    assert [(f.type, f.subject, f.object) for f in waiting] == [
        ("cooperates_with", "Sahel Water Institute", "Delta Energy Agency")
    ]
    assert waiting[0].confidence == 0.4
    assert "cooperates with" in (waiting[0].sentence or "")
    assert pending_counts(session) == {waiting[0].document_id: 1}
    assert _types_on_page(session, person) == {"position"}


def test_accepting_publishes_and_records_the_user(session: Session) -> None:
    _person, institute = _store(session, position=0.9, cooperation=0.4)
    waiting = pending_facts(session)[0]
    accept_fact(session, waiting.relation_id, user="amina")
    assert pending_facts(session) == []
    assert _types_on_page(session, institute) == {"position", "cooperates_with"}
    note = session.scalars(
        select(Evidence).where(
            Evidence.relation_id == waiting.relation_id, Evidence.user == "amina"
        )
    ).one()
    assert note.sentence == ACCEPTED


def test_rejecting_retracts(session: Session) -> None:
    _person, institute = _store(session, position=0.9, cooperation=0.4)
    waiting = pending_facts(session)[0]
    reject_fact(session, waiting.relation_id, user="amina")
    assert pending_facts(session) == []
    stored = session.get(Relation, waiting.relation_id)
    assert stored is not None and stored.retracted_by == "amina"
    assert _types_on_page(session, institute) == {"position"}


def test_more_confident_evidence_publishes_a_waiting_relation(session: Session) -> None:
    _store(session, position=0.9, cooperation=0.4)
    assert len(pending_facts(session)) == 1
    _store(session, position=0.9, cooperation=0.8, title="b")
    assert pending_facts(session) == []


def test_fixing_changes_the_type_or_far_end_and_publishes(session: Session) -> None:
    from greenbridge.store.corrections import CorrectionError, add_entity
    from greenbridge.store.fact_review import fix_fact

    _person, institute = _store(session, position=0.9, cooperation=0.4)
    waiting = pending_facts(session)[0]
    other = add_entity(session, type="organization", name="Nile Basin Network", user="seed")
    fixed = fix_fact(session, waiting.relation_id, type="member_of", object_id=other.id,
                     user="editor")  # fmt: skip
    assert (fixed.type, fixed.object_id, fixed.review) == ("member_of", other.id, False)
    assert pending_facts(session) == []
    assert "member_of" in _types_on_page(session, institute)
    kept = session.scalars(
        select(Evidence).where(Evidence.relation_id == fixed.id, Evidence.user == "editor")
    ).one()
    assert kept.sentence == "fixed in review"
    with pytest.raises(CorrectionError):  # a person is no member_of end
        fix_fact(session, fixed.id, object_id=_person, user="editor")
