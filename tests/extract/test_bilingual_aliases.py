"""A name followed by its name in the other script, in parentheses, gains it as an alias."""

from __future__ import annotations

from greenbridge.extract import extract_text
from greenbridge.extract.bilingual_aliases import add_bilingual_aliases, other_script_names
from tests.resolve.helpers import entity, extraction, relation

ENGLISH = (
    "The Chinese Academy of Sciences (中国科学院) signed an agreement with the University of "
    "Nairobi. Professor Zhang Suojiang (张锁江) attended the ceremony in Beijing."
)
CHINESE = "中国科学院（Chinese Academy of Sciences, CAS）与内罗毕大学签署协议。CAS将派出专家。"


def test_english_text_gains_the_chinese_names() -> None:
    found = {e.name: e.aliases for e in extract_text(ENGLISH, learned=False).entities}
    assert "中国科学院" in found["Chinese Academy of Sciences"]
    assert "张锁江" in found["Zhang Suojiang"]
    assert found["University of Nairobi"] == []


def test_chinese_mentions_gain_latin_names_and_join_the_entity_they_name() -> None:
    result = extraction(
        "zh.txt",
        [
            entity(CHINESE, "o1", "organization", "中国科学院"),
            entity(CHINESE, "o2", "organization", "CAS"),
            entity(CHINESE, "o3", "organization", "内罗毕大学"),
        ],
        [relation(CHINESE, "partner_of", "o2", "o3", "与内罗毕大学签署协议")],
    )
    add_bilingual_aliases(CHINESE, result)
    names = {e.name: e for e in result.entities}
    assert set(names) == {"中国科学院", "内罗毕大学"}  # CAS joined 中国科学院
    assert names["中国科学院"].aliases == ["Chinese Academy of Sciences", "CAS"]
    assert len(names["中国科学院"].mentions) == 2
    assert [(r.subject, r.object) for r in result.relations] == [("o1", "o3")]


def test_only_names_in_the_other_script_are_taken() -> None:
    assert other_script_names("中国科学院", "北京", "organization") == []
    assert other_script_names("中国科学院", "2023", "organization") == []
    assert other_script_names("中国科学院", "以下简称CAS", "organization") == []
    assert other_script_names("Institute of Process Engineering", "IPE", "organization") == []
    assert other_script_names("Zhang Suojiang", "中国科学院过程工程研究所", "person") == []
    assert other_script_names("Zhang Suojiang", "张锁江", "person") == ["张锁江"]
    assert other_script_names("Zhang Suojiang", "张锁江, 中国科学院", "person") == ["张锁江"]
    assert other_script_names("Amina Mohamed", "阿明娜·穆罕默德", "person") == ["阿明娜·穆罕默德"]
    assert other_script_names("中国科学院", "Chinese Academy of Sciences；CAS", "organization") == [
        "Chinese Academy of Sciences",
        "CAS",
    ]
