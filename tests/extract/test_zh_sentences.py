"""Chinese sentences end at Chinese stops and line breaks, closing quotes included."""

from __future__ import annotations

from greenbridge.extract.zh.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_sentences_end_at_chinese_stops_and_keep_their_closing_quote() -> None:
    text = "他说：“合作很重要。”双方签署协议！会议何时召开？议程如下；第一项"
    assert _texts(text) == [
        "他说：“合作很重要。”",
        "双方签署协议！",
        "会议何时召开？",
        "议程如下；",
        "第一项",
    ]


def test_a_headline_is_a_sentence_of_its_own_and_blank_lines_give_nothing() -> None:
    text = "东方材料研究院代表团访问北海大学\n\n  4月18日，代表团抵达。  \n"
    assert _texts(text) == ["东方材料研究院代表团访问北海大学", "4月18日，代表团抵达。"]


def test_offsets_point_into_the_text() -> None:
    text = "甲。乙。"
    assert split_sentences(text) == [(0, 2), (2, 4)]
