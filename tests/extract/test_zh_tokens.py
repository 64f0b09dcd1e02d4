"""Token repairs and name rules of the Chinese extractor, on sentences written for the tests."""

from __future__ import annotations

from greenbridge.extract.mention import Mention
from greenbridge.extract.zh import extract_chinese
from greenbridge.extract.zh.entities import abbreviations
from greenbridge.extract.zh.tagger import Token
from greenbridge.extract.zh.tokens import repaired


def _people(text: str) -> set[str]:
    return {e.name for e in extract_chinese(text).entities if e.type == "person"}


def test_a_name_between_a_title_and_a_stop_is_one_person() -> None:
    tokens = [
        Token("副所长", "n", 0),
        Token("戴", "v", 3),
        Token("年华", "n", 4),
        Token("，", "w", 6),
    ]
    assert [(t.text, t.tag) for t in repaired(tokens)][1] == ("戴年华", "PER")


def test_latin_names_with_initials_are_one_token() -> None:
    text = "佩拉德尼亚大学副校长M.D. Lamawansa出席。"
    tokens = repaired([Token(ch, "nz" if ch.isascii() else "n", i) for i, ch in enumerate(text)])
    assert "M.D. Lamawansa" in [t.text for t in tokens]


def test_people_not_bylines_or_kinship_words() -> None:
    people = _people("新华社记者王小明、赵小红报道。北海大学校长李安德会见了王阿姨。")
    assert "李安德" in people
    assert not people & {"王小明", "赵小红", "王阿姨"}


def test_a_short_form_made_of_the_characters_of_a_name_is_its_alias() -> None:
    long = Mention("organization", 0, 5, "中国科学院", (0, 5))
    short = Mention("organization", 10, 13, "中科院", (10, 13))
    other = Mention("organization", 20, 24, "北京大学", (20, 24))
    abbreviations([long, short, other])
    assert short.name == "中国科学院" and long.aliases == ["中科院"]
    assert other.name == "北京大学"


def test_a_foreign_organization_is_named_without_its_country() -> None:
    extraction = extract_chinese("代表团访问了泰国朱拉隆功大学。")
    org = next(e for e in extraction.entities if e.type == "organization")
    assert (org.name, org.attributes.get("country")) == ("朱拉隆功大学", "TH")
    assert "泰国朱拉隆功大学" in org.aliases
