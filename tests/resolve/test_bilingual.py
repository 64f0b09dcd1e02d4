"""Chinese and Latin writings of one name: pinyin in both orders, capitals, compound surnames,
given names written apart or hyphenated; a pinyin match alone is for review, not a merge."""

from __future__ import annotations

import pytest

from greenbridge.resolve import SURE, EntityIndex, NameRecord, score_names, score_records
from greenbridge.resolve.normalize import context_keys, name_key
from greenbridge.resolve.pinyin import (
    common_han_name,
    han_person_name,
    romanizations,
    split_han_name,
)
from greenbridge.resolve.scoring import PINYIN, UNSURE, _shared_context
from greenbridge.resolve.variants import name_variants


@pytest.mark.parametrize(
    "latin",
    [
        "Zhang Suojiang",
        "ZHANG Suojiang",
        "Suojiang Zhang",
        "Suojiang ZHANG",
        "Zhang Suo-jiang",
        "Suo-Jiang Zhang",
        "Zhang Suo Jiang",
        "Zhāng Suǒjiāng",
        "Prof. ZHANG Suojiang",
    ],
)
def test_pinyin_of_a_han_name_in_every_writing(latin: str) -> None:
    verdict = score_names("张锁江", latin, "person")
    assert verdict.rule == "pinyin"
    assert UNSURE <= verdict.score < SURE  # a candidate, never sure on the name alone


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("欧阳明高", "Ouyang Minggao"),
        ("欧阳明高", "OUYANG Minggao"),
        ("欧阳明高", "Minggao Ouyang"),
        ("司马光明", "Sima Guangming"),
        ("曾国华", "Zeng Guohua"),  # a surname read otherwise than the character alone
        ("單雄信", "Shan Xiongxin"),  # traditional characters
    ],
)
def test_compound_surnames_surname_readings_and_traditional_characters(
    han: str, latin: str
) -> None:
    assert score_names(han, latin, "person").rule == "pinyin"


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("张锁江", "Zhang Suojun"),  # another given name
        ("张锁江", "Jiang Suozhang"),  # the syllables in another order
        ("欧阳明高", "Ou Minggao"),  # half the compound surname
        ("张锁江", "Zhang"),
    ],
)
def test_other_names_do_not_match(han: str, latin: str) -> None:
    assert score_names(han, latin, "person").score == 0.0


def test_han_names_are_split_into_surname_and_given_name() -> None:
    assert split_han_name("欧阳明高") == ("欧阳", "明高")
    assert split_han_name("张锁江") == ("张", "锁江")
    assert han_person_name("張 鎖江") == "张锁江"
    assert han_person_name("中国科学院过程工程研究所") is None
    assert ("zhang", "suojiang") in romanizations("张锁江")


def test_a_common_name_alone_is_for_review_not_a_merge() -> None:
    assert common_han_name("王伟") and not common_han_name("张锁江")
    alone = score_records(
        NameRecord.build(["王伟"], "person"), NameRecord.build(["Wang Wei"], "person")
    )
    assert alone.rule == "pinyin_common_name"
    assert UNSURE <= alone.score < SURE
    one_shared = {"chinese academy of sciences"}
    left = NameRecord.build(["王伟"], "person", context=frozenset(one_shared))
    right = NameRecord.build(["Wang Wei"], "person", context=frozenset(one_shared))
    assert score_records(left, right).score < SURE  # one co-mentioned name is not enough


def test_shared_context_makes_a_pinyin_match_sure() -> None:
    colleague = "Liu Zhongmin"
    left = NameRecord.build(
        ["张锁江"], "person", context=frozenset(context_keys("刘中民", "person"))
    )
    right = NameRecord.build(
        ["Zhang Suojiang"], "person", context=frozenset(context_keys(colleague, "person"))
    )
    verdict = score_records(left, right)
    assert verdict.score >= SURE and verdict.rule == "pinyin+context"
    stranger = NameRecord.build(["Zhang Suojiang"], "person", context=frozenset({"kenya"}))
    assert score_records(left, stranger).score < SURE


def test_blocking_brings_a_han_name_and_its_pinyin_together() -> None:
    index = EntityIndex()
    index.add(1, NameRecord.build(["Suo-jiang ZHANG"], "person"))
    index.add(2, NameRecord.build(["Zhang Suojun"], "person"))
    found = index.ranked(NameRecord.build(["张锁江"], "person"))
    assert [entity_id for entity_id, _ in found] == [1]


def test_traditional_and_simplified_names_share_a_key() -> None:
    assert name_key("中國科學院", "organization") == name_key("中国科学院", "organization")
    traditional = NameRecord.build(["張鎖江"], "person")
    assert score_records(traditional, NameRecord.build(["张锁江"], "person")).score == 1.0


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("中国科学院（CAS）", ["中国科学院", "CAS"]),
        (
            "the Chinese Academy of Sciences (中国科学院)",
            ["the Chinese Academy of Sciences", "中国科学院"],
        ),
        (
            "中国科学院（Chinese Academy of Sciences, CAS）",
            ["中国科学院", "Chinese Academy of Sciences", "CAS"],
        ),
    ],
)
def test_a_name_written_in_two_languages_gives_both(written: str, expected: list[str]) -> None:
    assert name_variants([written])[1:] == expected


def test_an_organization_written_in_both_languages_matches_either() -> None:
    both = NameRecord.build(["中国科学院（Chinese Academy of Sciences, CAS）"], "organization")
    for other in ("Chinese Academy of Sciences", "中国科学院", "中國科學院"):
        assert score_records(both, NameRecord.build([other], "organization")).score == 1.0
    unrelated = NameRecord.build(["中国工程院"], "organization")
    assert score_records(both, unrelated).score == 0.0


def test_a_trailing_he_is_a_given_name_not_a_title() -> None:
    assert score_names("刘鹤", "Liu He", "person").rule == "pinyin_common_name"
    index = EntityIndex()
    index.add(1, NameRecord.build(["Liu He"], "person"))
    assert [entity_id for entity_id, _ in index.ranked(NameRecord.build(["劉鶴"], "person"))] == [1]


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("北京市人民政府", "People's Government of Beijing Municipality"),
        ("怀柔科学城管理委员会", "Administrative Committee of Huairou Science City"),
        ("中国科学院", "Chinese Academy of Sciences"),
        ("乌兹别克斯坦国立大学", "National University of Uzbekistan"),
        ("中国驻乌兹别克斯坦大使馆", "Chinese Embassy in Uzbekistan"),
    ],
)
def test_an_organization_name_read_word_by_word_is_a_candidate(han: str, latin: str) -> None:
    verdict = score_names(han, latin, "organization")
    assert verdict.rule == "translated_name" and UNSURE <= verdict.score < SURE


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("怀柔区人民政府", "People's Government of Beijing Municipality"),
        ("中国科学院", "Chinese Academy of Social Sciences"),
        ("中国科学院大学", "Chinese Academy of Sciences"),
        ("清华大学", "Tsinghua University"),  # not pinyin: left apart
    ],
)
def test_other_organizations_stay_apart(han: str, latin: str) -> None:
    assert score_names(han, latin, "organization").score == 0.0


def test_a_generic_translated_name_needs_more_context() -> None:
    verdict = score_names("国际合作局", "Bureau of International Cooperation", "organization")
    assert verdict.rule == "translated_generic_name" and verdict.score < PINYIN


def test_blocking_brings_a_chinese_organization_and_its_english_name_together() -> None:
    index = EntityIndex()
    index.add(1, NameRecord.build(["People's Government of Beijing Municipality"], "organization"))
    index.add(2, NameRecord.build(["People's Government of Huairou District"], "organization"))
    found = index.ranked(NameRecord.build(["北京市人民政府"], "organization"))
    assert [entity_id for entity_id, _ in found] == [1]


def test_a_co_mentioned_person_counts_once_whatever_the_script() -> None:
    latin = frozenset(context_keys("Liu Zhongmin", "person"))
    han = frozenset(context_keys("刘中民", "person"))

    def record(name: str, context: frozenset[str]) -> NameRecord:
        return NameRecord.build([name], "organization", context=context)

    assert _shared_context(record("Solar Institute", latin), record("Solar Center", latin)) == 1
    assert _shared_context(record("太阳能研究所", han), record("Solar Institute", latin)) == 1
    assert _shared_context(record("太阳能研究所", han), record("光伏中心", han)) == 1
