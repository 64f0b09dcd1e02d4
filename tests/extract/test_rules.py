"""Extraction rules on small texts written for the tests (real spaCy model)."""

from __future__ import annotations

from greenbridge.extract import extract_text
from greenbridge.extract.dates import find_dates

TEXT = (
    "On March 3, 2023, the 5th Riverside Symposium on Clean Water was held in Nairobi, Kenya. "
    "Prof. OKAFOR Chidike, Director of the Institute of Hydrology Studies (IHS), Lakeland "
    "Academy of Sciences gave a keynote speech. Dr. Maribel Quintanar, Senior Researcher of "
    "the Delta Water Company, presented the results. The symposium was co-organized by the "
    "Lakeland Academy of Sciences and the Global Water Alliance. IHS will continue its work."
)


def _by_type(extraction, kind):
    return {e.name: e for e in extraction.entities if e.type == kind}


def test_people_by_honorific_capitals_and_apposition() -> None:
    people = _by_type(extract_text(TEXT), "person")
    assert "Okafor Chidike" in people
    assert "OKAFOR Chidike" in people["Okafor Chidike"].aliases
    assert people["Okafor Chidike"].attributes["honorifics"] == ["Prof."]
    assert "Maribel Quintanar" in people


def test_organizations_with_acronyms_and_head_nouns() -> None:
    orgs = _by_type(extract_text(TEXT), "organization")
    assert "Institute of Hydrology Studies" in orgs
    assert orgs["Institute of Hydrology Studies"].aliases == ["IHS"]
    assert orgs["Institute of Hydrology Studies"].attributes["kind"] == "research_institute"
    assert "Lakeland Academy of Sciences" in orgs
    assert "Global Water Alliance" in orgs
    assert orgs["Delta Water Company"].attributes["kind"] == "company"


def test_event_with_dates_place_and_country() -> None:
    extraction = extract_text(TEXT)
    events = _by_type(extraction, "event")
    event = events["5th Riverside Symposium on Clean Water"]
    assert event.attributes["kind"] == "symposium"
    assert event.attributes["start"] == "2023-03-03"
    assert event.attributes["city"] == "Nairobi"
    assert extraction.countries == ["KE"]


def test_every_mention_has_its_span_and_sentence() -> None:
    extraction = extract_text(TEXT)
    for entity in extraction.entities:
        assert entity.mentions
        for span in entity.mentions:
            assert TEXT[span.start : span.end] == span.text
            assert span.text in span.sentence


def test_relations_position_part_of_and_organized_have_evidence() -> None:
    extraction = extract_text(TEXT)
    ids = {e.name: e.id for e in extraction.entities}
    triples = {(r.type, r.subject, r.object) for r in extraction.relations}
    okafor, ihs = ids["Okafor Chidike"], ids["Institute of Hydrology Studies"]
    assert ("position", okafor, ihs) in triples
    assert ("part_of", ihs, ids["Lakeland Academy of Sciences"]) in triples
    assert ("position", ids["Maribel Quintanar"], ids["Delta Water Company"]) in triples
    title = next(
        r
        for r in extraction.relations
        if (r.type, r.subject, r.object) == ("position", okafor, ihs)
    ).attributes["title"]
    assert title == "Director"
    for relation in extraction.relations:
        assert relation.evidence and relation.evidence[0].sentence


def test_published_date_is_read_from_the_text_when_not_given() -> None:
    text = "Time: 2019-05-04\n\nThe Lakeland Academy of Sciences opened a new office."
    assert extract_text(text).published == "2019-05-04"
    assert extract_text(text, published="2020-01-01").published == "2020-01-01"


def test_dates_and_ranges_resolve_missing_years() -> None:
    dates = find_dates("from July 22nd to 25th and on December 1, 2021", year=2018)
    assert [(d.begin, d.finish) for d in dates] == [
        ("2018-07-22", "2018-07-25"),
        ("2021-12-01", "2021-12-01"),
    ]


def test_schema_json_shape() -> None:
    data = extract_text(TEXT, document="x.txt").to_schema_json()
    assert set(data) == {"document", "published", "countries", "entities", "relations"}
    assert data["document"] == "x.txt"
    assert all({"id", "type", "name"} <= set(e) for e in data["entities"])
