"""Text that is not English news, and text with nothing in it."""

from __future__ import annotations

from greenbridge.extract import extract_text

CHINESE = (
    "中国科学院过程工程研究所于2018年7月在北京举办了第七届绿色技术研讨会。张锁江所长致辞。" * 20
)
FRENCH = (
    "Le colloque s'est tenu à Paris le 3 mars. Les participants ont discuté de l'eau, "
    "de l'énergie et du climat. Ensuite, ils ont visité les laboratoires de la région. "
) * 10


def test_chinese_text_gives_no_garbage_and_no_crash() -> None:
    extraction = extract_text(CHINESE)
    assert extraction.entities == []
    assert extraction.relations == []


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
