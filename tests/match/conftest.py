"""A small store of needs, technologies and the relations around them."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from greenbridge.match.importing import store_records
from greenbridge.match.records import MatchRecord
from greenbridge.store.models import Entity, Evidence, Relation

TECHNOLOGIES = [
    ("t-stove", "Improved clay cookstove", "A clay stove that halves the firewood used for cooking.", "KE"),
    ("t-pump", "Solar irrigation pump", "Solar powered pumps let smallholder farmers irrigate fields.", "ET"),
    ("t-biogas", "Household biogas digester", "Turns cattle manure into biogas for cooking and light.", "IN"),
    ("t-pay", "Mobile money wallet", "An app for paying school fees by phone.", "BR"),
]  # fmt: skip

DEPLOYMENT = "In 2022 the clay cookstove was rolled out to 20,000 households in Rwanda."


@pytest.fixture
def catalogue(session: Session) -> dict[str, int]:
    records = [
        MatchRecord(kind="technology", source_id=key, title=title, description=text,
                    country=country, readiness=8 if key == "t-stove" else None,
                    sector="energy" if key != "t-pay" else "finance")
        for key, title, text, country in TECHNOLOGIES
    ]  # fmt: skip
    need = MatchRecord(kind="need", source_id="n-cook", title="Clean cooking in Rwanda",
                       description="Reduce the firewood households burn for cooking.",
                       country="RW")  # fmt: skip
    entities = store_records(session, [*records, need], origin="test")
    ids = {e.attributes["source_id"]: e.id for e in entities}
    maker = Entity(type="organization", name="Stove Makers Cooperative", attributes={})
    expert = Entity(type="person", name="Amina Uwase", attributes={})
    session.add_all([maker, expert])
    session.flush()
    deployed = Relation(type="deployed", subject_id=ids["t-stove"], object_country="RW",
                        attributes={"outcome": "20,000 households"})  # fmt: skip
    session.add_all([
        deployed,
        Relation(type="developed", subject_id=maker.id, object_id=ids["t-stove"]),
        Relation(type="cooperates_with", subject_id=maker.id, object_country="RW"),
        Relation(type="position", subject_id=expert.id, object_id=maker.id,
                 attributes={"title": "Director"}),
    ])  # fmt: skip
    session.flush()
    session.add(Evidence(relation_id=deployed.id, sentence=DEPLOYMENT, extractor="test"))
    session.flush()
    return ids | {"maker": maker.id, "expert": expert.id}
