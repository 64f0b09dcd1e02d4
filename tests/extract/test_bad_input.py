"""Text that is not English news, and text with nothing in it."""

from __future__ import annotations

from greenbridge.extract import extract_text
from greenbridge.extract.zh import ZH_EXTRACTOR_VERSION

CHINESE = (
    "中国科学院过程工程研究所于2018年7月在北京举办了第七届绿色技术研讨会。张锁江所长致辞。" * 20
)
FRENCH = (
    "Le colloque s'est tenu à Paris le 3 mars. Les participants ont discuté de l'eau, "
    "de l'énergie et du climat. Ensuite, ils ont visité les laboratoires de la région. "
) * 10


def test_chinese_text_goes_to_the_chinese_extractor() -> None:
    extraction = extract_text(CHINESE)
    assert extraction.version == ZH_EXTRACTOR_VERSION
    names = {(e.type, n) for e in extraction.entities for n in [e.name, *e.aliases]}
    assert ("organization", "中国科学院过程工程研究所") in names
    assert ("event", "第七届绿色技术研讨会") in names
    assert all(e.type != "person" or "所长" not in e.name for e in extraction.entities)


def test_text_declared_english_keeps_the_english_rules() -> None:
    extraction = extract_text(CHINESE, language="en")
    assert extraction.version != ZH_EXTRACTOR_VERSION
    assert extraction.entities == []


def test_french_text_gives_no_garbage_people_or_organizations() -> None:
    extraction = extract_text(FRENCH)
    assert [e for e in extraction.entities if e.type in {"person", "organization"}] == []
    assert extraction.countries == []


def test_text_without_entities_returns_empty_lists() -> None:
    extraction = extract_text("the weather was mild and nothing else happened today. " * 30)
    assert extraction.entities == []
    assert extraction.relations == []
    assert extraction.countries == []


def test_empty_text() -> None:
    extraction = extract_text("")
    assert (extraction.entities, extraction.relations, extraction.countries) == ([], [], [])
