"""The general patterns behind errors found on held-out documents: technologies that are
deployed, membership verbs, units of a parent, names cut at lines/verbs/`and`, people read
as places, articles kept apart, organization countries."""

from __future__ import annotations

from greenbridge.extract import extract_text
from greenbridge.extract.model import Extraction


def _names(x: Extraction, kind: str) -> set[str]:
    return {e.name for e in x.entities if e.type == kind}


def _rels(x: Extraction, kind: str) -> set[tuple[str, str]]:
    names = {e.id: e.name for e in x.entities}
    return {(names.get(r.subject, r.subject), names.get(r.object, r.object))
            for r in x.relations if r.type == kind}  # fmt: skip


def test_deployed_device_is_a_technology_with_country_and_developer() -> None:
    text = (
        "The Northfield Institute of Energy (NIE) presented a 50 kW downdraft gasifier "
        "installed at a sawmill in Kenya in 2021. The unit replaced 40% of the diesel. "
        "Dr. Alan Brook introduced a tar-cracking catalyst developed at the institute."
    )
    x = extract_text(text)
    assert {"downdraft gasifier", "tar-cracking catalyst"} <= _names(x, "technology")
    assert ("downdraft gasifier", "KE") in _rels(x, "deployed")
    assert ("Northfield Institute of Energy", "tar-cracking catalyst") in _rels(x, "developed")


def test_generic_heads_need_a_deployment_verb() -> None:
    x = extract_text("The key technology and the energy storage were discussed at length.")
    assert _names(x, "technology") == set()


def test_joined_as_members() -> None:
    text = (
        "The Riverside Water Network (RWN) announced that the Harbor Research Council and "
        "Lakeside University had joined the network as members."
    )
    x = extract_text(text)
    members = _rels(x, "member_of")
    assert ("Harbor Research Council", "Riverside Water Network") in members
    assert ("Lakeside University", "Riverside Water Network") in members


def test_unit_of_parent_split_and_part_of() -> None:
    text = (
        "Prof. Karl Brandt, Director of the Solar Division of NIE, and Dr. Mia Vogel, Head of "
        "the Fuel Cell Laboratory of the Northfield Institute of Chemistry (NIC), spoke. "
        "The Northfield Institute of Energy (NIE) hosted them."
    )
    x = extract_text(text)
    orgs = _names(x, "organization")
    assert {"Solar Division", "Fuel Cell Laboratory", "Northfield Institute of Chemistry"} <= orgs
    part_of = _rels(x, "part_of")
    assert ("Fuel Cell Laboratory", "Northfield Institute of Chemistry") in part_of


def test_names_stop_at_headline_verbs_and_signature_lines() -> None:
    text = (
        "Lakeside University Joins Riverside Water Alliance\n\n"
        "Lakeside University joined the Riverside Water Alliance in May.\n\n"
        "Riverside Water Alliance Secretariat\nNorthfield Institute of Energy, Kenya\n"
    )
    orgs = _names(extract_text(text), "organization")
    assert "Riverside Water Alliance Secretariat" in orgs
    assert not any("Joins" in o or "Secretariat Northfield" in o for o in orgs)


def test_centre_and_network_is_one_name() -> None:
    text = "The Ocean Technology Centre and Network (OTCN) completed a project in Peru."
    assert "Ocean Technology Centre and Network" in _names(extract_text(text), "organization")


def test_titled_person_named_like_a_city_and_region_not_a_country() -> None:
    text = "Prof. Sofia Mendes Carvalho said a wind farm in Inner Mongolia runs the electrolyser."
    x = extract_text(text)
    assert "Sofia Mendes Carvalho" in _names(x, "person")
    assert "BG" not in x.countries and "MN" not in x.countries


def test_event_date_stays_in_its_article() -> None:
    first = "## Alliance news\n\nThe alliance was launched at the UN climate conference in Paris in 2015.\n\n"
    second = "## Other news\n\nOn November 18, 2024, the Ocean Council completed a project.\n"
    text = first + second
    x = extract_text(text, articles=[(0, len(first)), (len(first), len(text))])
    events = [e for e in x.entities if e.type == "event"]
    assert events and events[0].attributes.get("start") == "2015"


def test_organization_country_from_context() -> None:
    text = "The Harbor Research Council in Accra, Ghana, and the Lakeside Water Board (LWB) of Nigeria met."
    x = extract_text(text)
    country = {e.name: e.attributes.get("country") for e in x.entities}
    assert country.get("Harbor Research Council") == "GH"
    assert country.get("Lakeside Water Board") == "NG"


def test_position_with_a_qualified_title() -> None:
    text = "Mr. Tom Reed Walker, Energy Officer of the Harbor Research Council, said it works."
    x = extract_text(text)
    assert ("Tom Reed Walker", "Harbor Research Council") in _rels(x, "position")
