"""Relations and phrase rules on a news report written for the tests (not from the corpus)."""

from __future__ import annotations

import pytest

from greenbridge.extract import Extraction, extract_path
from tests.conftest import FIXTURES

REPORT = FIXTURES / "extract" / "drylands_lab.txt"


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract_path(REPORT)


def _ids(extraction: Extraction) -> dict[str, str]:
    return {e.name: e.id for e in extraction.entities}


def _triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.type, r.subject, r.object) for r in extraction.relations}


def test_published_date_events_and_their_dates(extraction: Extraction) -> None:
    assert extraction.published == "2023-05-18"
    events = {e.name: e for e in extraction.entities if e.type == "event"}
    forum = events["3rd Africa-China Forum on Agricultural Innovation"]
    assert (forum.attributes["start"], forum.attributes["end"]) == ("2023-05-17", "2023-05-18")
    assert forum.attributes["city"] == "Nairobi"
    ceremony = next(e for name, e in events.items() if name.startswith("inauguration ceremony"))
    assert ceremony.attributes["start"] == "2023-05-16"


def test_positions_from_appositions_with_titles(extraction: Extraction) -> None:
    ids = _ids(extraction)
    titles = {
        (r.subject, r.object): r.attributes.get("title")
        for r in extraction.relations
        if r.type == "position"
    }
    igdb = ids["Institute of Genetics and Developmental Biology"]
    assert titles[(ids["Liu Xiaoming"], igdb)] == "Deputy Director-General"
    kalro = ids["Kenya Agricultural and Livestock Research Organization"]
    assert titles[(ids["Samuel Kimani"], kalro)] == "Director General"


def test_organizers_supporters_and_speakers(extraction: Extraction) -> None:
    ids = _ids(extraction)
    forum = ids["3rd Africa-China Forum on Agricultural Innovation"]
    roles = {(r.type, r.subject, r.object): r.attributes.get("role") for r in extraction.relations}
    kalro = ids["Kenya Agricultural and Livestock Research Organization"]
    assert roles[("organized", kalro, forum)] == "co_organizer"
    assert roles[("organized", ids["World Bank"], forum)] == "supporter"
    assert roles[("participated", ids["Samuel Kimani"], forum)] == "chair"
    assert ("organized", ids["United Nations"], forum) not in roles  # inside the FAO's name


def test_technology_developed_and_deployed_with_outcome(extraction: Extraction) -> None:
    ids = _ids(extraction)
    tech = ids["drought-tolerant maize breeding technology"]
    assert ("developed", ids["Institute of Genetics and Developmental Biology"], tech) in _triples(
        extraction
    )
    deployed = {r.object: r for r in extraction.relations if r.type == "deployed"}
    assert set(deployed) == {"KE", "ET"}
    assert "20%" in deployed["KE"].attributes["outcome"]


def test_founding_members_and_nested_part_of(extraction: Extraction) -> None:
    ids = _ids(extraction)
    members = {
        (r.subject, r.attributes.get("role")) for r in extraction.relations if r.type == "member_of"
    }
    assert (ids["University of Nairobi"], "founding_member") in members
    fao = ids["Food and Agriculture Organization of the United Nations"]
    assert ("part_of", fao, ids["United Nations"]) in _triples(extraction)


def test_countries_are_places_named(extraction: Extraction) -> None:
    assert set(extraction.countries) == {"KE", "CN", "ET"}
