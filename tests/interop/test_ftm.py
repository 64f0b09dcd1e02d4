"""FollowTheMoney export and import: the mapping, validation by the `ftm` tool, round trips."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from greenbridge.interop.ftm import write_ftm
from greenbridge.interop.ftm_import import IMPORT_EXTRACTOR, FtmImportError, import_ftm, read_ftm
from greenbridge.store.db import make_engine, make_sessionmaker, transaction, upgrade
from greenbridge.store.models import Entity, Evidence, Relation
from tests.interop.graph import add_graph

FTM = Path(sys.executable).with_name("ftm")


def export(engine: Engine) -> list[dict]:
    out = io.StringIO()
    with make_sessionmaker(engine)() as session:
        write_ftm(session, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def by_id(entities: list[dict]) -> dict[str, dict]:
    return {e["id"]: e for e in entities}


def ftm_validate(tmp_path: Path, entities: list[dict]) -> list[dict]:
    """Entities as the `ftm validate` command re-parses and cleans them."""
    source, target = tmp_path / "in.ftm.json", tmp_path / "out.ftm.json"
    source.write_text("".join(json.dumps(e) + "\n" for e in entities))
    done = subprocess.run([str(FTM), "validate", "-i", str(source), "-o", str(target)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in target.read_text().splitlines()]


def normalised(entities: list[dict]) -> dict[str, tuple[str, dict[str, list[str]]]]:
    return {e["id"]: (e["schema"], {p: sorted(v) for p, v in e["properties"].items()})
            for e in entities}  # fmt: skip


def import_into(engine: Engine, entities: list[dict], name: str = "members.ftm.json"):  # type: ignore[no-untyped-def]
    lines = [json.dumps(e) for e in entities]
    with transaction(engine) as session:
        return import_ftm(session, read_ftm(lines), source=name, user="editor")


def test_export_maps_every_kind_to_its_schema(engine: Engine) -> None:
    ids = add_graph(engine)
    entities = export(engine)
    found = by_id(entities)
    schemata = Counter(e["schema"] for e in entities)
    assert schemata["Person"] == 2 and schemata["Event"] == 1 and schemata["Asset"] == 1
    assert schemata["PublicBody"] == 1 and schemata["Company"] == 1 and schemata["Project"] == 1
    assert schemata["Organization"] == 2  # the alliance and the institute; not the retracted one
    assert f"gb-o{ids['gone']}" not in found and f"gb-p{ids['copy']}" not in found
    person = found[f"gb-p{ids['person']}"]["properties"]
    assert person["name"] == ["Amina Otieno"] and person["alias"] == ["A. Otieno"]
    assert person["title"] == ["Prof."]
    institute = found[f"gb-o{ids['institute']}"]["properties"]
    assert institute["alias"] == ["LI"] and institute["country"] == ["ke"]
    assert institute["classification"] == ["research_institute"]
    forum = found[f"gb-v{ids['forum']}"]["properties"]
    assert forum["startDate"] == ["2024-05-17"] and forum["location"] == ["Nairobi"]
    assert sorted(forum["keywords"]) == ["forum", "online"]
    assert forum["organizer"] == [f"gb-o{ids['ministry']}"]
    assert forum["involved"] == [f"gb-p{ids['person']}"]
    # the merged record's position is the canonical person's, a Directorship for a director
    [directorship] = [e for e in entities if e["schema"] == "Directorship"]
    assert directorship["properties"]["director"] == [f"gb-p{ids['person']}"]
    assert directorship["properties"]["role"] == ["Director"]
    assert schemata["Employment"] == 1
    memberships = [e for e in entities if e["schema"] == "Membership"]
    assert len(memberships) == 2  # not the one held for review, not the retracted member's
    links = {e["properties"]["summary"][0] for e in entities if e["schema"] == "UnknownLink"}
    assert links == {"organized", "participated", "founded", "developed", "part_of"}
    notes = {e["properties"]["summary"][0]: e["properties"] for e in entities
             if e["schema"] == "Note"}  # fmt: skip
    assert notes["deployed"]["country"] == ["ke"]
    assert notes["deployed"]["notes"] == ["Lakeside Institute"]
    assert notes["deployed"]["description"] == ["120 farms irrigated"]


def test_export_writes_documents_and_provenance(engine: Engine) -> None:
    ids = add_graph(engine)
    entities = export(engine)
    [article] = [e for e in entities if e["schema"] == "Article"]
    assert article["id"] == "gb-doc-" + "ab" * 32
    assert article["properties"]["sourceUrl"] == ["https://example.org/news/1"]
    assert article["properties"]["language"] == ["eng"]
    documentation = [e["properties"] for e in entities if e["schema"] == "Documentation"]
    assert len(documentation) == 5  # the span typed without a document is not exported
    assert all(d["document"] == [article["id"]] for d in documentation)
    person = [d for d in documentation if d["entity"] == [f"gb-p{ids['person']}"]]
    assert person[0]["recordId"] == ["65:77"] and person[0]["role"] == ["ner"]
    mentions = [e["properties"] for e in entities if e["schema"] == "Mention"]
    assert {m["name"][0] for m in mentions} == {"Dryland Water Alliance", "Amina Otieno"}


def test_ftm_validate_keeps_every_value_of_the_export(engine: Engine, tmp_path: Path) -> None:
    add_graph(engine)
    entities = export(engine)
    assert normalised(ftm_validate(tmp_path, entities)) == normalised(entities)


def test_ftm_validate_catches_what_is_not_followthemoney(tmp_path: Path) -> None:
    """The check above means something: `ftm validate` exits with an error on a schema FtM
    lacks, and drops a property no schema has or a value that does not clean."""
    with pytest.raises(AssertionError, match="No schema"):
        ftm_validate(tmp_path, [{"id": "x", "schema": "Spaceship", "properties": {}}])
    bad = {
        "id": "x",
        "schema": "Person",
        "properties": {"name": ["A"], "colour": ["blue"], "country": ["Atlantis"]},
    }
    assert normalised(ftm_validate(tmp_path, [bad])) == {"x": ("Person", {"name": ["A"]})}


def test_round_trip_ftm_store_ftm_keeps_every_entity_and_statement(
    engine: Engine, tmp_path: Path
) -> None:
    add_graph(engine)
    first = export(engine)
    target = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    upgrade(target)
    report = import_into(target, first)
    assert report.counts["skipped"] == 0, report.skipped
    second = export(target)
    assert normalised(second) == normalised(first)
    target.dispose()


def test_import_names_itself_in_evidence_and_adds_nothing_twice(engine: Engine) -> None:
    alliance = {"id": "alliance-1", "schema": "Organization",
                "properties": {"name": ["Global Soil Network"], "website": ["https://gsn.example"],
                               "classification": ["alliance"]}}  # fmt: skip
    member = {"id": "member-1", "schema": "PublicBody",
              "properties": {"name": ["Soil Survey Office"], "country": ["br"]}}  # fmt: skip
    person = {"id": "person-1", "schema": "Person", "properties": {"name": ["Ana Costa"]}}
    membership = {"id": "m-1", "schema": "Membership",
                  "properties": {"member": ["member-1"], "organization": ["alliance-1"],
                                 "role": ["member"]}}  # fmt: skip
    wrong = {
        "id": "m-2",
        "schema": "Membership",
        "properties": {"member": ["person-1"], "organization": ["alliance-1"]},
    }
    vessel = {"id": "boat", "schema": "Vessel", "properties": {"name": ["Sea Star"]}}
    body = {"id": "le-1", "schema": "LegalEntity", "properties": {"name": ["Soil Trust"]}}
    entities = [alliance, member, person, membership, wrong, vessel, body]
    report = import_into(engine, entities)
    assert report.counts["entity"] == 4 and report.counts["relation"] == 1
    assert report.counts["skipped"] == 2
    assert any("person cannot be the subject of member_of" in s for s in report.skipped)
    with make_sessionmaker(engine)() as session:
        office = session.scalars(select(Entity).where(Entity.name == "Soil Survey Office")).one()
        assert office.type == "organization" and office.attributes["country"] == "BR"
        relation = session.scalars(select(Relation)).one()
        assert relation.type == "member_of" and relation.attributes["role"] == "member"
        evidence = session.scalars(
            select(Evidence).where(Evidence.relation_id == relation.id)
        ).one()
        assert evidence.extractor == IMPORT_EXTRACTOR and evidence.user == "editor"
        assert "members.ftm.json" in (evidence.sentence or "") and evidence.text == "m-1"
        assert (
            session.scalar(select(func.count(Evidence.id)).where(Evidence.entity_id == office.id))
            == 1
        )
    again = import_into(engine, entities)
    assert again.counts["entity"] == 0 and again.counts["relation"] == 0
    assert again.counts["matched"] == 5
    with make_sessionmaker(engine)() as session:
        assert session.scalar(select(func.count(Entity.id))) == 4
    # what the store had no place for is written back: the website, the PublicBody schema
    found = by_id(export(engine))
    assert found["alliance-1"]["properties"]["website"] == ["https://gsn.example/"]
    assert found["member-1"]["schema"] == "PublicBody"
    assert found["le-1"]["schema"] == "LegalEntity"


def test_an_export_read_back_into_its_own_store_adds_nothing(engine: Engine) -> None:
    add_graph(engine)
    tables = (Entity, Relation, Evidence)
    with make_sessionmaker(engine)() as session:
        before = [session.scalar(select(func.count(t.id))) for t in tables]
    report = import_into(engine, export(engine))
    assert report.counts["entity"] == 0 and report.counts["relation"] == 0
    # entities, relations, the document and the five Documentation spans
    assert report.counts["matched"] == 9 + 11 + 1 + 5
    with make_sessionmaker(engine)() as session:
        assert [session.scalar(select(func.count(t.id))) for t in tables] == before


def test_a_line_that_is_not_an_entity_is_refused_with_its_number() -> None:
    lines = ['{"id": "a", "schema": "Person", "properties": {}}', "not json"]
    with pytest.raises(FtmImportError, match="line 2"):
        list(read_ftm(lines))
    with pytest.raises(FtmImportError, match="line 1"):
        list(read_ftm(['{"id": "a", "schema": "Spaceship", "properties": {}}']))


@pytest.mark.slow
def test_export_of_extracted_documents_validates_and_round_trips(
    engine: Engine, tmp_path: Path
) -> None:
    """The shared corpus through real extraction and resolution: `ftm validate` keeps every
    value, and FtM -> store -> FtM gives back every entity and statement."""
    from greenbridge.ingest import ingest_paths
    from greenbridge.pipeline import analyse_document
    from tests.conftest import CORPUS

    results = ingest_paths(engine, [CORPUS], analyse=analyse_document)
    assert {r.status for r in results} == {"added"}
    first = export(engine)
    schemata = Counter(e["schema"] for e in first)
    assert schemata["Article"] == len(results) and schemata["Documentation"] > 50
    assert schemata["Person"] > 5 and schemata["Membership"] + schemata["UnknownLink"] > 5
    assert normalised(ftm_validate(tmp_path, first)) == normalised(first)
    target = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    upgrade(target)
    report = import_into(target, first, name="corpus.ftm.json")
    assert report.counts["skipped"] == 0, report.skipped[:5]
    assert normalised(export(target)) == normalised(first)
    target.dispose()
