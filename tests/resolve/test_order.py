"""Resolution gives the same entities whatever the order of documents, and an ambiguous name
waits for review without making a new entity each time it is seen."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from greenbridge.resolve import DIFFERENT, judge, link_extraction, review_queue
from greenbridge.resolve.index_store import store_index
from greenbridge.resolve.scoring import SURE, NameRecord, score_records
from greenbridge.store.corrections import edit_entity
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from greenbridge.store.models import Alias, Entity
from tests.conftest import BACKENDS, _drop_postgres_schema, _postgres_engine
from tests.resolve.helpers import add_document, entity, extraction
from tests.resolve.order_batch import (
    canonical_entities,
    generate_batch,
    ingest_batch,
    orders,
    review_size,
)


@pytest.fixture(params=BACKENDS)
def fresh_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Engine]]:
    """Makes as many empty, migrated stores as a test asks for, on each backend."""
    engines: list[Engine] = []
    schemas: list[str] = []

    def make() -> Engine:
        if request.param == "sqlite":
            engine = make_engine(f"sqlite:///{tmp_path / f'store{len(engines)}.db'}")
        else:
            schemas.append(f"gb_test_{uuid.uuid4().hex[:12]}")
            engine = _postgres_engine(schemas[-1])
        upgrade(engine)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()
    for schema in schemas:
        _drop_postgres_schema(schema)


def test_four_orders_of_one_batch_give_the_same_entities_and_review_queue(
    fresh_store: Callable[[], Engine],
) -> None:
    batch = generate_batch(60, seed=7)
    runs = {**orders(batch), "given, index loaded afresh per document": list(batch)}
    outcomes = {}
    for name, documents in runs.items():
        with make_sessionmaker(fresh_store())() as session:
            ingest_batch(session, documents, cold="afresh" in name)
            outcomes[name] = (canonical_entities(session), review_size(session))
            world_bank = session.scalars(
                select(Entity).join(Alias).where(Alias.normalized == "world bank").distinct()
            ).all()
            roots = {e.canonical_id or e.id for e in world_bank}
            assert len(roots) == 1, name  # one World Bank, however many countries it is seen in
            root = session.get(Entity, roots.pop())
            assert root is not None and root.attributes["countries"] == ["BR", "IN", "KE", "US"]
    first_entities, first_review = outcomes["given"]
    for name, (entities, review) in outcomes.items():
        assert entities == first_entities, name
        assert review == first_review, name
    kinds = {kind for kind, _ in first_entities}
    assert kinds == {"organization", "person"}
    ministries = [keys for (_, keys), n in first_entities.items() for _ in range(n)]
    assert ministries.count(("ministry of energy",)) == 3  # of KE, of GH, of no country
    assert sum(first_entities.values()) == 12
    assert first_review == 4  # A. Lima, S. Okoro, the country-less ministry against two


def _legacy_twins(session: Session) -> list[int]:
    """Two stored entities of one name, as an older store made them (one per country)."""
    ids = []
    for country in ("US", "KE"):
        twin = Entity(type="organization", name="World Bank", attributes={"country": country})
        twin.aliases.append(Alias(name="World Bank", normalized="world bank"))
        session.add(twin)
        session.flush()
        ids.append(twin.id)
    session.commit()
    return ids


def _mention(session: Session, number: int, country: str | None = None) -> int:
    text = f"Note {number}: the World Bank funded a grid."
    attributes = {"country": country} if country else {}
    document = add_document(session, text, f"note-{number}")
    result = link_extraction(
        session,
        document=document,
        extraction=extraction(
            f"note-{number}.txt", [entity(text, "o1", "organization", "World Bank", **attributes)]
        ),
        article_ids={0: document.articles[0].id},
    )
    session.commit()
    return result.entity_ids["o1"]


def test_a_name_two_stored_entities_share_is_queued_once_and_makes_no_entity(
    session: Session,
) -> None:
    twins = _legacy_twins(session)
    linked = [_mention(session, n) for n in range(3)] + [_mention(session, 3, "KE")]
    assert session.scalar(select(func.count()).select_from(Entity)) == 2
    assert linked == [twins[0]] * 3 + [twins[1]]  # the oldest, or the one of its country
    queued = review_queue(session)
    assert [(q.left_id, q.right_id, q.rule) for q in queued] == [(*twins, "ambiguous_name")]


def test_an_ambiguous_name_a_person_has_decided_is_not_queued_again(session: Session) -> None:
    twins = _legacy_twins(session)
    judge(session, *twins, DIFFERENT, rule="user:review", user="editor")
    session.commit()
    assert _mention(session, 0) in twins
    assert review_queue(session) == []
    assert session.scalar(select(func.count()).select_from(Entity)) == 2


def test_a_cached_index_learns_a_country_an_entity_gains(session: Session) -> None:
    first = _mention(session, 0, "US")
    store_index(session)  # loaded with the US only
    assert _mention(session, 1, "KE") == first
    record = store_index(session).records[first]
    assert record.countries == {"US", "KE"}


def test_country_decides_only_for_names_each_country_has() -> None:
    def pair(name: str, left: str, right: str) -> float:
        a = NameRecord.build([name], "organization", country=left)
        b = NameRecord.build([name], "organization", countries=[right, "FR"])
        return score_records(a, b).score

    assert pair("World Bank", "KE", "US") == 1.0
    assert pair("Kestrel Energy Group", "NG", "PE") == 1.0
    assert pair("Ministry of Energy", "KE", "GH") < SURE
    assert pair("National Disaster Management Authority", "IN", "PK") < SURE
    assert pair("Ministere des Finances", "TD", "MR") < SURE
    assert pair("Institute of Geography", "MN", "KE") < SURE
    acronym = NameRecord.build(["UNEP"], "organization", country="KE")
    long_name = NameRecord.build(
        ["United Nations Environment Programme (UNEP)"], "organization", country="CH"
    )
    assert score_records(acronym, long_name).score >= SURE


def test_a_cached_index_takes_a_country_a_user_removes(session: Session) -> None:
    first = _mention(session, 0, "US")
    assert _mention(session, 1, "KE") == first
    edit_entity(session, first, attributes={"countries": ["KE"], "country": "KE"}, user="ed")
    session.commit()
    assert store_index(session).records[first].countries == {"KE"}
