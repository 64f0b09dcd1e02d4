"""A review merge keeps the name and attribute values the person picked, whichever record
becomes the canonical one; both records are shown side by side before."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from greenbridge.resolve import UNSURE, judge, resolve_id
from greenbridge.store import corrections
from greenbridge.store.entities import entity_page
from greenbridge.store.identity_review import merge_keeping, pair_sides


def _pair(session: Session) -> tuple[int, int]:
    older = corrections.add_entity(
        session, type="event", name="Water Forum", user="seed",
        attributes={"start": "2021-01-01", "city": "Nairobi"},
    )  # fmt: skip
    newer = corrections.add_entity(
        session, type="event", name="Asia Water Forum 2023", user="seed",
        attributes={"start": "2023-05-04", "end": "2023-05-06", "city": "Bangkok"},
    )  # fmt: skip
    judge(session, older.id, newer.id, UNSURE, score=0.8, rule="test")
    return older.id, newer.id


def test_pair_sides_show_both_records_and_the_differing_attributes(session: Session) -> None:
    older, newer = _pair(session)
    sides = pair_sides(session, older, newer)
    assert (sides.left.name, sides.right.name) == ("Water Forum", "Asia Water Forum 2023")
    assert sides.differing == ["city", "end", "start"]


def test_merge_keeps_the_picked_name_and_values_not_the_older_records(session: Session) -> None:
    older, newer = _pair(session)
    root = merge_keeping(
        session, older, newer, name="Asia Water Forum 2023",
        picks={"start": newer, "city": newer, "end": newer}, user="editor",
    )  # fmt: skip
    assert root == older == resolve_id(session, newer)  # the older record is canonical...
    page = entity_page(session, newer)
    assert page is not None
    assert page.name == "Asia Water Forum 2023"  # ...but the picked name and dates survive
    assert page.attributes["start"] == "2023-05-04"
    assert page.attributes["city"] == "Bangkok"
    assert page.attributes["end"] == "2023-05-06"
    assert {"Water Forum", "Asia Water Forum 2023"} <= {n.name for n in page.names}
    kept = [e for e in page.attribute_evidence if e.user == "editor"]
    assert {e.attribute for e in kept} >= {"name", "start", "city"}


def test_merge_can_keep_one_value_from_each_side(session: Session) -> None:
    older, newer = _pair(session)
    merge_keeping(session, older, newer, name="Water Forum",
                  picks={"start": newer, "city": older}, user="editor")  # fmt: skip
    page = entity_page(session, older)
    assert page is not None
    assert page.name == "Water Forum"
    assert (page.attributes["start"], page.attributes["city"]) == ("2023-05-04", "Nairobi")


def test_a_name_or_pick_of_neither_record_is_refused_and_nothing_merges(session: Session) -> None:
    older, newer = _pair(session)
    with pytest.raises(corrections.CorrectionError):
        merge_keeping(session, older, newer, name="Something Else", user="editor")
    with pytest.raises(corrections.CorrectionError):
        merge_keeping(session, older, newer, picks={"end": older}, user="editor")
    assert resolve_id(session, newer) == newer
