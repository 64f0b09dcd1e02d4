"""The same full personal name in two documents is one person (a repeat upload makes no new
people); people who share only a surname are never merged automatically."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from greenbridge.ingest.service import ingest_bytes
from greenbridge.pipeline import analyse_document
from greenbridge.resolve import resolve_id
from greenbridge.store.db import transaction
from greenbridge.store.models import Entity, Judgement

FIRST = (
    "Alliance News, March 2025\n\nDr. Amina Wanjiru, Director of the Kenya Solar Institute, "
    "opened the workshop in Nairobi on 3 March 2025. Professor Peter Otieno of the Kenya "
    "Solar Institute presented solar pumps.\n"
)
SECOND = (
    "Alliance News, June 2025\n\nAmina Wanjiru of the Tanzania Energy Agency spoke at the "
    "forum in Dar es Salaam on 5 June 2025. Professor John Otieno from the Uganda Water Board "
    "also attended.\n"
)

pytestmark = pytest.mark.slow  # the real extraction pipeline


def _people(engine: Engine) -> dict[str, list[int]]:
    with transaction(engine) as session:
        rows = session.execute(select(Entity.id, Entity.name).where(Entity.type == "person"))
        people: dict[str, list[int]] = {}
        for entity_id, name in rows:
            people.setdefault(name, []).append(resolve_id(session, entity_id))
        return people


def test_a_full_name_in_two_documents_is_one_person_a_surname_is_not(engine: Engine) -> None:
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        result = ingest_bytes(engine, text.encode(), name, analyse=analyse_document)
        assert result.status == "added", result
    people = _people(engine)
    assert len(set(people["Amina Wanjiru"])) == 1  # one canonical person for both mentions
    assert set(people["Peter Otieno"]).isdisjoint(people["John Otieno"])
    with transaction(engine) as session:
        same = session.scalars(select(Judgement).where(Judgement.decision == "same")).all()
        assert not same  # nothing was merged on a shared surname


def test_a_repeat_upload_with_changed_bytes_makes_no_new_people(engine: Engine) -> None:
    ingest_bytes(engine, FIRST.encode(), "first.txt", analyse=analyse_document)
    before = _people(engine)
    again = ingest_bytes(engine, (FIRST + "\nUpdated.\n").encode(), "again.txt",
                         analyse=analyse_document)  # fmt: skip
    assert again.status == "added"
    after = _people(engine)
    assert {name: set(ids) for name, ids in after.items()} == {
        name: set(ids) for name, ids in before.items()
    }
