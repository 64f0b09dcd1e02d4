"""Chinese organization names read word by word into English: 北京市人民政府 is Beijing
Municipality People's Government, the words of "People's Government of Beijing Municipality".

A Chinese organization name is mostly a place and generic words (科学院 academy of sciences,
人民政府 people's government, 大学 university). The place is a country (its Chinese name from
the CLDR data of babel) or, for a Chinese place, its pinyin (怀柔 huairou). The result is a bag of
word stems compared with the stems of an English name: word order and small word forms
(`Chinese`/`China`, `Municipal`/`Municipality`) do not count. A name with a word the glossary
does not know is read in pinyin and rarely matches: such names stay apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from greenbridge.resolve.pinyin import is_han, simplified

STEM = 5  # letters of a word that are compared (`technical` and `technology` agree)
# Generic words of organization names; the longest one that fits is read first.
GLOSSARY = {
    "科学院": "academy of sciences", "社会科学院": "academy of social sciences",
    "工程院": "academy of engineering", "农业科学院": "academy of agricultural sciences",
    "大学": "university", "国立大学": "national university", "学院": "college",
    "研究所": "institute", "研究院": "institute", "研究中心": "research center",
    "中心": "center", "实验室": "laboratory", "重点实验室": "key laboratory",
    "人民政府": "people's government", "政府": "government", "大使馆": "embassy",
    "总领事馆": "consulate general", "领事馆": "consulate", "委员会": "committee",
    "管理委员会": "administrative committee", "办公室": "office", "局": "bureau",
    "部": "ministry", "厅": "department", "分院": "branch", "协会": "association",
    "学会": "society", "基金会": "foundation", "基金": "fund", "联盟": "alliance",
    "组织": "organization", "公司": "company", "集团": "group", "医院": "hospital",
    "博物馆": "museum", "图书馆": "library", "天文台": "observatory", "植物园": "botanical garden",
    "国家": "national", "国际": "international", "合作": "cooperation", "交流": "exchange",
    "科学": "science", "技术": "technology", "科技": "science and technology",
    "工程": "engineering", "创新": "innovation", "发展": "development", "研究": "research",
    "教育": "education", "农业": "agriculture", "能源": "energy", "环境": "environment",
    "生态": "ecology", "地理": "geography", "资源": "resources", "海洋": "oceanology",
    "物理": "physics", "化学": "chemistry", "生物": "biology", "药物": "drug",
    "城": "city", "市": "municipality", "省": "province", "区": "district", "县": "county",
    "自治区": "autonomous region", "驻": "in", "中亚": "central asia", "副总统": "vice president",
    "总统": "president", "外交部": "ministry of foreign affairs", "商务部": "ministry of commerce",
}  # fmt: skip
# An English adjective of a country and the country it names.
DEMONYMS = {
    "chinese": "china", "iranian": "iran", "uzbek": "uzbekistan", "russian": "russia",
    "kazakh": "kazakhstan", "pakistani": "pakistan", "thai": "thailand", "african": "africa",
    "american": "united states", "british": "united kingdom", "french": "france",
    "german": "germany", "japanese": "japan", "korean": "korea", "indian": "india",
    "brazilian": "brazil", "kenyan": "kenya", "egyptian": "egypt", "mongolian": "mongolia",
}  # fmt: skip
_DROP = frozenset(["of", "for", "and", "the", "in", "on", "at", "s", "de"])
_MARKS = re.compile(r"[\s“”\"'‘’《》「」()（）·、，,.-]+")
MAX_TERM = max(map(len, GLOSSARY))


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Chinese country names (CLDR, simplified) -> English names."""
    from babel import Locale

    english = Locale("en").territories
    return {
        name: english[code]
        for code, name in Locale.parse("zh_Hans").territories.items()
        if code.isalpha() and code in english and len(name) >= 2
    }


@lru_cache(maxsize=50_000)
def english_words(name: str) -> tuple[str, ...]:
    """The English words a Chinese organization name is made of, in its order."""
    return tuple(word for words, _ in _segments(name) for word in words.split())


def generic_name(name: str) -> bool:
    """Whether every part of a Chinese name is a generic word (国际合作局): no place, no
    proper name, so many bodies bear it."""
    return all(generic for _, generic in _segments(name))


@lru_cache(maxsize=50_000)
def _segments(name: str) -> tuple[tuple[str, bool], ...]:
    """(English words, whether generic) of each part of a Chinese name, in order."""
    from pypinyin import Style, lazy_pinyin

    text = _MARKS.sub("", simplified(name))
    countries = _countries()
    parts: list[tuple[str, bool]] = []
    unknown = ""
    at = 0
    while at <= len(text):
        term = _longest_term(text, at, countries) if at < len(text) else None
        if term is None and at < len(text):
            unknown, at = unknown + text[at], at + 1
            continue
        if unknown:
            parts.append(("".join(lazy_pinyin(unknown, style=Style.NORMAL)), False))
            unknown = ""
        if term is None:
            break
        generic = term in GLOSSARY
        parts.append(((GLOSSARY.get(term) or countries[term]).lower(), generic))
        at += len(term)
    return tuple(parts)


def _longest_term(text: str, at: int, countries: dict[str, str]) -> str | None:
    for size in range(min(MAX_TERM + 6, len(text) - at), 0, -1):
        term = text[at : at + size]
        if term in GLOSSARY or term in countries:
            return term
    return None


def word_stems(words: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The compared stems of name words: countries for their adjectives, small words dropped."""
    stems = set()
    for word in words:
        for part in DEMONYMS.get(word, word).replace("'s", "").split():
            if part not in _DROP:
                stems.add(part[:STEM])
    return frozenset(stems)


@lru_cache(maxsize=200_000)
def organization_stems(name: str) -> frozenset[str]:
    """The word stems of an organization name in either language."""
    if is_han(name):
        return word_stems(english_words(name))
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower().replace("'s", "")).split()
    return word_stems(words)


def translated_match(han: str, latin: str) -> bool:
    """Whether the Chinese name read word by word has the words (at least two) of the English
    name."""
    stems = organization_stems(han)
    return len(stems) >= 2 and stems == organization_stems(latin)
