from greenbridge.match.context import Fact
from greenbridge.match.explain import distinct_evidence, highlighted
from greenbridge.match.understanding import (
    region_countries,
    region_name,
    sector_name,
    understand_need,
)


def test_countries_regions_and_sectors_are_read_from_the_need() -> None:
    found = understand_need("Solar water pumps for smallholder farms in Kenya and Uganda")
    assert found.countries == ["KE", "UG"]
    assert found.sectors == ["Water"]
    regional = understand_need("cold storage for fishing villages in West Africa")
    assert regional.countries == [] and regional.regions == ["Western Africa"]
    assert "SN" in regional.ranked_countries() and "KE" not in regional.ranked_countries()


def test_a_country_name_must_be_written_as_a_name() -> None:
    assert understand_need("a chad of paper and a turkey dinner").countries == []
    assert understand_need("clean cooking in Chad").countries == ["TD"]


def test_typed_regions_and_sectors_are_recognised() -> None:
    assert region_name("east africa") == "Eastern Africa"
    assert region_name("Atlantis") is None
    assert sector_name("water") == "Water"
    assert sector_name("hairdressing") is None
    assert "KE" in region_countries("Eastern Africa")


def test_each_piece_of_evidence_is_shown_once() -> None:
    sentence = "Pumps were installed in Kenya."
    facts = [Fact("deployed", "KE", "deployed", sentence, 7) for _ in range(4)]
    facts.append(Fact("deployed", "UG", "deployed", "Pumps reached Uganda.", 8))
    shown = distinct_evidence(facts)
    assert [f["sentence"] for f in shown] == [sentence, "Pumps reached Uganda."]
    assert shown[0]["document_id"] == 7


def test_the_shared_words_are_highlighted_by_stem() -> None:
    pieces = highlighted("Pumping water for farms", ["pump", "farm"])
    assert [p for p, hit in pieces if hit] == ["Pumping", "farms"]
    assert "".join(p for p, _ in pieces) == "Pumping water for farms"
