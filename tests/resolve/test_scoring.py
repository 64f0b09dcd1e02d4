"""Name rules and context: what is one entity, what stays apart."""

from __future__ import annotations

import pytest

from greenbridge.resolve import SURE, NameRecord, score_records
from greenbridge.resolve.normalize import acronym_matches, name_key
from greenbridge.resolve.variants import name_variants


def _score(a: list[str], b: list[str], kind: str = "organization", **context: object) -> float:
    left_context = {k.removeprefix("a_"): v for k, v in context.items() if not k.startswith("b_")}
    right_context = {k.removeprefix("b_"): v for k, v in context.items() if not k.startswith("a_")}
    left = NameRecord.build(a, kind, **left_context)
    right = NameRecord.build(b, kind, **right_context)
    return score_records(left, right).score


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("CHEN Meiling", "Meiling Chen"),
        ("Prof. Meiling Chen", "CHEN Meiling"),
        ("Dr. Ana-Maria Reyes", "Ana Maria Reyes"),
    ],
)
def test_person_order_case_and_honorifics_are_one_person(left: str, right: str) -> None:
    assert _score([left], [right], "person") >= SURE


def test_person_spelling_variant_needs_shared_context() -> None:
    assert _score(["Lina Okonkwoh"], ["Lina Okonkwo"], "person") < SURE
    shared = frozenset({"doc-1"})
    assert _score(["Lina Okonkwoh"], ["Lina Okonkwo"], "person", sources=shared) >= SURE


def test_people_sharing_a_surname_stay_apart() -> None:
    assert _score(["Wei Tan"], ["Jun Tan"], "person") == 0
    assert _score(["Wei Tan"], ["Tan Wen"], "person") < SURE


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Centre for Arid Land Studies", "Center for Arid Land Studies"),
        ("Nordvik Power Corporation", "Nordvik Power Group"),
        ("Lakeside Water Company Ltd.", "Lakeside Water"),
        ("University of Kerbela Highlands", "Kerbela Highlands University"),
        ("Arid Land Institute (ALI)", "Arid Land Institute"),
        ("ALI - Arid Land Institute", "Arid Land Institute"),
    ],
)
def test_organization_name_variants_are_one_entity(left: str, right: str) -> None:
    assert _score([left], [right]) >= SURE


def test_name_with_and_without_the_parent() -> None:
    long_name = ["Soil Research Institute of Varnia University"]
    assert _score(long_name, ["Soil Research Institute"]) < SURE
    known = frozenset({name_key("Varnia University", "organization")})
    assert _score(long_name, ["Soil Research Institute"], b_context=known) >= SURE


def test_same_name_in_two_countries_stays_apart() -> None:
    assert (
        _score(
            ["Institute of Geography"], ["Institute of Geography"], a_country="MN", b_country="KE"
        )
        < SURE
    )
    assert _score(["Ministry of Finance"], ["Ministry of Finance"], a_country="GH") < SURE
    assert (
        _score(["Ministry of Finance"], ["Ministry of Finance"], a_country="GH", b_country="GH")
        == 1.0
    )


def test_different_units_and_places_stay_apart() -> None:
    assert _score(["Fujian Association for Science"], ["Hunan Association for Science"]) < SURE
    assert (
        _score(
            ["Zorba Science and Technology Association"],
            ["China Association for Science and Technology"],
            a_country="CN",
            b_country="CN",
        )
        < SURE
    )
    assert _score(["Ministry of Health"], ["Ministry of Health, Malaria Control Centre"]) < SURE


def test_acronyms_defined_anywhere_link_and_initials_alone_do_not() -> None:
    assert acronym_matches("IPE", "Institute of Process Engineering")
    assert acronym_matches("ENTEC", "National Energy Technology Center")
    assert not acronym_matches("CAS", "China Association for Science and Technology")
    defined = ["Institute of Coastal Engineering", "ICE"]
    assert _score(["ICE"], defined) >= SURE
    assert _score(["ICE"], ["Institute of Coastal Engineering"]) < SURE
    assert _score(["ICE"], ["Institute of Coastal Engineering"], sources=frozenset({"d"})) >= SURE


def test_name_variants_of_one_written_name() -> None:
    assert name_variants(["Power Grid Company of Zembla (PGCZ) Ltd."]) == [
        "Power Grid Company of Zembla (PGCZ) Ltd.",
        "Power Grid Company of Zembla Ltd.",
        "PGCZ",
    ]
    assert "Ministry of Finance" in name_variants(["Ministry of Finance, Ghana"], "GH")
    assert name_variants(["Ministry of Finance, Ghana"], "KE") == ["Ministry of Finance, Ghana"]


def test_a_bare_head_word_refers_back_only_within_its_document() -> None:
    doc = frozenset({"doc-1"})
    assert _score(["Alliance"], ["Global Soil Alliance"], sources=doc) >= SURE
    assert _score(["the Convention"], ["Convention to Protect Wetlands"], sources=doc) >= SURE
    assert _score(["Alliance"], ["organizing committee of the Soil Alliance"], sources=doc) < SURE
    assert _score(["Alliance"], ["Global Soil Alliance"]) == 0


def test_two_entities_fitting_a_reference_equally_leave_it_alone() -> None:
    from greenbridge.resolve import EntityIndex

    doc = frozenset({"doc-1"})
    index = EntityIndex()
    index.add(1, NameRecord.build(["Global Soil Alliance"], "organization", sources=doc))
    index.add(2, NameRecord.build(["Regional Water Alliance"], "organization", sources=doc))
    entity_id, verdict = index.best(NameRecord.build(["Alliance"], "organization", sources=doc))
    assert entity_id is None and verdict.rule == "ambiguous"


def test_a_body_of_an_organization_is_not_the_organization() -> None:
    assert (
        _score(
            ["Standing Committee of the Soil Society of Varnia"],
            ["Soil Society of Varnia"],
            sources=frozenset({"d"}),
        )
        < SURE
    )
