"""The decision history: pair judgements, fact-queue decisions and retractions, newest first,
each with the undo it allows; unmerging a record restores both records; a retracted or
rejected relation can be restored and an accepted fact sent back to the queue."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from greenbridge.resolve import members, merge, resolve_id
from greenbridge.store import corrections
from greenbridge.store.corrections import CorrectionError
from greenbridge.store.entities import entity_page
from greenbridge.store.fact_review import (
    accept_fact,
    fix_fact,
    pending_facts,
    reject_fact,
    return_to_review,
)
from greenbridge.store.history import recent_decisions
from greenbridge.store.identity_review import merged_records, unmerge_record
from tests.store.test_fact_review import _store, _types_on_page


def _org(session: Session, name: str, country: str) -> int:
    return corrections.add_entity(session, type="organization", name=name, user="seed",
                                  attributes={"country": country}).id  # fmt: skip


def test_merged_records_say_who_merged_them_and_when(session: Session) -> None:
    a, b = _org(session, "Kenya Water Institute", "KE"), _org(session, "KWI", "KE")
    merge(session, a, b, user="amina")
    [record] = merged_records(session, b)
    assert (record.record_id, record.name, record.user) == (b, "KWI", "amina")
    assert record.at is not None and record.judgement_id is not None
    assert merged_records(session, _org(session, "Alone Lab", "GH")) == []


def test_unmerge_restores_both_records(session: Session) -> None:
    a, b = _org(session, "Kenya Water Institute", "KE"), _org(session, "KWI Nairobi", "TZ")
    merge(session, a, b, user="amina")
    assert members(session, b) == [a, b]
    assert unmerge_record(session, a, b, user="amina") == [b]
    assert resolve_id(session, a) == a and resolve_id(session, b) == b
    left, right = entity_page(session, a), entity_page(session, b)
    assert left is not None and right is not None
    assert (left.name, left.record_ids, left.attributes["country"]) == (
        "Kenya Water Institute", [a], "KE",
    )  # fmt: skip
    assert (right.name, right.record_ids, right.attributes["country"]) == ("KWI Nairobi", [b], "TZ")
    assert merged_records(session, a) == []


def test_unmerging_one_of_three_keeps_the_others_together(session: Session) -> None:
    a, b, c = (_org(session, n, "KE") for n in ("Alpha Institute", "Alpha Inst.", "AI Kenya"))
    merge(session, a, b, user="u")
    merge(session, b, c, user="u")
    assert unmerge_record(session, a, c, user="u") == [c]
    assert members(session, a) == [a, b] and members(session, c) == [c]
    with pytest.raises(CorrectionError):
        unmerge_record(session, a, c, user="u")
    with pytest.raises(CorrectionError):
        unmerge_record(session, a, a, user="u")


def test_a_retracted_relation_can_be_restored(session: Session) -> None:
    _person, institute = _store(session, position=0.9, cooperation=0.4)
    page = entity_page(session, institute)
    assert page is not None
    position = next(r.id for r in page.relations if r.type == "position")
    corrections.retract_relation(session, position, user="amina")
    assert _types_on_page(session, institute) == set()
    [latest, *_] = recent_decisions(session)
    assert (latest.action, latest.kind, latest.undo, latest.target) == (
        "retracted", "relation", "restore_relation", position,
    )  # fmt: skip
    corrections.restore_relation(session, position, user="amina")
    assert _types_on_page(session, institute) == {"position"}
    decisions = recent_decisions(session)
    assert decisions[0].action == "restored" and decisions[0].undo is None
    assert decisions[1].action == "retracted" and decisions[1].undo is None  # nothing to undo now


def test_fact_queue_decisions_are_in_the_history_with_their_undo(session: Session) -> None:
    _person, _institute = _store(session, position=0.9, cooperation=0.4)
    waiting = pending_facts(session)[0].relation_id
    accept_fact(session, waiting, user="amina")
    accepted = recent_decisions(session)[0]
    assert (accepted.action, accepted.undo, accepted.user) == (
        "accepted",
        "return_relation",
        "amina",
    )
    assert accepted.subject == "Sahel Water Institute cooperates with Delta Energy Agency"
    return_to_review(session, waiting, user="amina")
    assert [f.relation_id for f in pending_facts(session)] == [waiting]
    reject_fact(session, waiting, user="amina")
    rejected = recent_decisions(session)[0]
    assert (rejected.action, rejected.undo, rejected.target) == (
        "retracted",
        "restore_relation",
        waiting,
    )
    corrections.restore_relation(session, waiting, user="amina")
    assert [f.relation_id for f in pending_facts(session)] == [waiting]
    assert [d.action for d in recent_decisions(session)][:4] == [
        "restored", "retracted", "returned to review", "accepted",
    ]  # fmt: skip


def test_history_mixes_judgements_and_retractions_newest_first(session: Session) -> None:
    a, b = _org(session, "Kenya Water Institute", "KE"), _org(session, "KWI", "KE")
    merge(session, a, b, user="amina")
    corrections.retract_entity(session, b, user="amina")
    alias = corrections.add_alias(session, a, "K.W.I.", user="amina")
    corrections.retract_alias(session, alias.id, user="amina")
    decisions = recent_decisions(session)
    assert [(d.kind, d.action, d.undo) for d in decisions] == [
        ("name", "retracted", "restore_alias"),
        ("entity", "retracted", "restore_entity"),
        ("pair", "same", "judgement"),
    ]
    corrections.restore_alias(session, alias.id, user="amina")
    assert recent_decisions(session)[1].undo is None


def test_a_fix_is_listed_without_an_undo(session: Session) -> None:
    _store(session, position=0.9, cooperation=0.4)
    waiting = pending_facts(session)[0].relation_id
    fix_fact(session, waiting, type="cooperates_with", user="amina")
    fixed = recent_decisions(session)[0]
    assert (fixed.action, fixed.kind, fixed.user, fixed.undo) == (
        "fixed",
        "relation",
        "amina",
        None,
    )
