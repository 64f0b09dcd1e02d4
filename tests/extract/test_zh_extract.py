"""Chinese extraction on a short news item written for the tests (tests/fixtures/zh/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenbridge.extract import extract_path, extract_text
from greenbridge.extract.model import Extraction
from greenbridge.extract.zh import ZH_EXTRACTOR_VERSION, extract_chinese

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zh"


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract_path(FIXTURES / "agreement.txt")


def _entity(extraction: Extraction, kind: str, name: str):  # type: ignore[no-untyped-def]
    found = [e for e in extraction.entities if e.type == kind and e.name == name]
    assert found, f"no {kind} {name}: {[(e.type, e.name) for e in extraction.entities]}"
    return found[0]


def _relations(extraction: Extraction, kind: str) -> set[tuple[str, str]]:
    names = {e.id: e.name for e in extraction.entities}
    return {
        (names.get(r.subject, r.subject), names.get(r.object, r.object))
        for r in extraction.relations
        if r.type == kind
    }


def test_a_chinese_file_goes_to_the_chinese_extractor(extraction: Extraction) -> None:
    assert extraction.version == ZH_EXTRACTOR_VERSION
    assert extraction.extractor == "greenbridge.zh.lac"
    assert extraction.published == "2024-04-20"
    assert extraction.countries == ["CN"]


def test_a_person_with_a_post(extraction: Extraction) -> None:
    _entity(extraction, "person", "周明远")
    assert ("周明远", "东方材料研究院") in _relations(extraction, "position")
    title = next(
        r.attributes["title"]
        for r in extraction.relations
        if r.type == "position" and r.subject == _entity(extraction, "person", "周明远").id
    )
    assert title == "院长"
    assert ("吴立新", "南山理工大学") in _relations(extraction, "position")


def test_organizations_with_their_kind_and_a_unit_of_one(extraction: Extraction) -> None:
    assert _entity(extraction, "organization", "北海大学").attributes["kind"] == "university"
    unit = _entity(extraction, "organization", "光电研究所")
    assert "东方材料研究院光电研究所" in unit.aliases
    assert ("光电研究所", "东方材料研究院") in _relations(extraction, "part_of")
    assert ("陈思远", "光电研究所") in _relations(extraction, "position")
    assert _entity(extraction, "person", "陈思远").attributes["honorifics"] == ["教授"]


def test_an_agreement_and_the_joint_lab_it_founds(extraction: Extraction) -> None:
    _entity(extraction, "initiative", "关于新能源材料合作研究的谅解备忘录")
    _entity(extraction, "initiative", "东方-北海新能源材料联合实验室")
    cooperation = _relations(extraction, "cooperates_with")
    assert cooperation & {("东方材料研究院", "北海大学"), ("北海大学", "东方材料研究院")}
    founded = _relations(extraction, "founded")
    assert {("东方材料研究院", "东方-北海新能源材料联合实验室")} <= founded
    assert {("北海大学", "东方-北海新能源材料联合实验室")} <= founded


def test_an_event_with_its_date_place_and_organizers(extraction: Extraction) -> None:
    forum = _entity(extraction, "event", "第三届国际新能源材料论坛")
    assert forum.attributes["kind"] == "forum"
    assert (forum.attributes["start"], forum.attributes["city"]) == ("2024-04-19", "杭州")
    assert forum.attributes["country"] == "CN"
    organized = {
        (names, r.attributes["role"])
        for r in extraction.relations
        if r.type == "organized" and r.object == forum.id
        for names in [next(e.name for e in extraction.entities if e.id == r.subject)]
    }
    assert organized == {("东方材料研究院", "organizer"), ("南山理工大学", "host")}


def test_an_unnamed_meeting_dated_and_placed_with_who_met(extraction: Extraction) -> None:
    meeting = next(e for e in extraction.entities if e.type == "event" and "会见" in e.name)
    assert meeting.attributes["start"] == "2024-04-18"
    assert meeting.attributes["city"] == "杭州"
    participants = {s for s, o in _relations(extraction, "participated") if o == meeting.name}
    assert {"周明远", "李安德"} <= participants


def test_evidence_is_the_sentence_around_the_mention(extraction: Extraction) -> None:
    person = _entity(extraction, "person", "周明远")
    span = person.mentions[0]
    assert span.text == "周明远"
    assert span.sentence.startswith("2024年4月18日") and span.sentence.endswith("一行。")


def test_traditional_characters_are_read_and_given_back_as_written() -> None:
    extraction = extract_path(FIXTURES / "traditional.txt")
    names = {(e.type, e.name) for e in extraction.entities}
    assert {("person", "周明遠"), ("organization", "東方材料研究院")} <= names
    assert ("organization", "北海大學") in names
    person = next(e for e in extraction.entities if e.name == "周明遠")
    assert "院長" in person.mentions[0].sentence


def test_the_jieba_tagger_gives_the_same_contract() -> None:
    text = (FIXTURES / "agreement.txt").read_text("utf-8")
    extraction = extract_chinese(text, tagger="jieba")
    assert extraction.extractor == "greenbridge.zh.jieba"
    assert any(e.type == "organization" and e.name == "北海大学" for e in extraction.entities)
    assert extraction.to_schema_json()["entities"]


def test_an_unknown_tagger_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Chinese tagger"):
        extract_chinese("中国科学院。", tagger="nope")


def test_extract_text_guesses_chinese_when_no_language_is_given() -> None:
    text = (FIXTURES / "agreement.txt").read_text("utf-8")
    assert extract_text(text).version == ZH_EXTRACTOR_VERSION
