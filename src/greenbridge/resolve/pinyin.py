"""Chinese names and their pinyin: 张丽华 is Zhang Lihua, ZHANG Lihua, Li-hua Zhang.

A Han person name reads as a surname (one character, or a compound such as 欧阳 or 司马) and a
given name; its romanizations are the tone-less pinyin of both, the given name's syllables
written together. Many Han names share one romanization (张伟, 章伟), so a pinyin match is
never an exact match: it is a candidate that context may confirm. Traditional characters
are read as simplified ones (張麗華 is 张丽华).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, product

from pypinyin import Style, pinyin

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_NAME = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,4}$")
_NAME_DOTS = re.compile(r"[\s·•・.]")
MAX_READINGS = 8  # readings of a name with several heteronyms that are kept
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙", "宇文",
     "夏侯", "公孙", "轩辕", "端木", "独孤", "南宫", "西门", "申屠", "万俟", "闻人", "澹台", "公冶",
     "太史", "呼延", "钟离", "赫连", "濮阳", "淳于", "单于", "拓跋", "百里", "东郭", "司空", "司寇",
     "巫马", "公羊", "鲜于", "闾丘", "仲孙", "叔孙", "漆雕", "公西", "第五", "左丘", "梁丘", "乐正",
     "谷梁", "段干"]
)  # fmt: skip
# Surnames read otherwise than the character's everyday reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "区": "ou", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai", "秘": "bi", "召": "shao",
    "员": "yun", "句": "gou", "种": "chong", "繁": "po", "沈": "shen", "长孙": "zhangsun",
    "尉迟": "yuchi", "万俟": "moqi", "单于": "chanyu", "柏": "bai", "华": "hua", "任": "ren",
    "宁": "ning", "纪": "ji", "石": "shi", "叶": "ye", "薄": "bo", "黑": "he", "阚": "kan",
}  # fmt: skip


@lru_cache(maxsize=1)
def _simplifier() -> object:
    import opencc  # loads its dictionaries: only when a Han name is read

    return opencc.OpenCC("t2s")


def is_han(text: str) -> bool:
    """Whether `text` has Chinese characters."""
    return bool(HAN.search(text))


@lru_cache(maxsize=100_000)
def simplified(text: str) -> str:
    """`text` in simplified characters (Latin text is returned as it is)."""
    if not is_han(text):
        return text
    return str(_simplifier().convert(text))  # type: ignore[attr-defined]


def han_person_name(name: str) -> str | None:
    """The Han characters of a person's name written in Han (2 to 4 characters), else None."""
    bare = simplified(_NAME_DOTS.sub("", name))
    return bare if _HAN_NAME.match(bare) else None


def split_han_name(name: str) -> tuple[str, str]:
    """Surname and given name of a Han name (`欧阳明高` -> `欧阳`, `明高`)."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=100_000)
def romanizations(name: str) -> frozenset[tuple[str, str]]:
    """(surname, given name) in tone-less pinyin for each reading of a Han person name."""
    han = han_person_name(name)
    if han is None:
        return frozenset()
    surname, given = split_han_name(han)
    surnames = [SURNAME_READINGS[surname]] if surname in SURNAME_READINGS else _readings(surname)
    return frozenset(islice(((s, g) for s in surnames for g in _readings(given)), MAX_READINGS))


def _readings(characters: str) -> list[str]:
    syllables = pinyin(characters, style=Style.NORMAL, heteronym=True, errors="ignore")
    options = [[s.replace("v", "u") for s in choices[:3]] for choices in syllables]
    return ["".join(parts) for parts in islice(product(*options), MAX_READINGS)]


def latin_readings(words: list[str]) -> set[tuple[str, str]]:
    """(surname, given name) of a Latin name's folded words in either order: the surname one
    word (or two written apart, `Ou Yang`) at either end, the given name the rest together."""
    if len(words) < 2:
        return set()
    found = {(words[0], "".join(words[1:])), (words[-1], "".join(words[:-1]))}
    if len(words) >= 3:
        found |= {(words[0] + words[1], "".join(words[2:]))}
        found |= {(words[-2] + words[-1], "".join(words[:-2]))}
    return {(s.replace("ü", "u"), g.replace("ü", "u")) for s, g in found}


def pinyin_match(han: str, latin_words: list[str]) -> bool:
    """Whether the Latin name (folded words) is a romanization of the Han person name."""
    return bool(romanizations(han) & latin_readings(latin_words))


def common_han_name(han: str) -> bool:
    """A name many people share: a one-character given name (王伟, 李娜)."""
    name = han_person_name(han)
    return name is not None and len(split_han_name(name)[1]) <= 1


def romanized_keys(name: str, latin_words: list[str]) -> set[str]:
    """Keys a person's name shares with its romanizations: the surname and given name in
    pinyin, written together (`zhanglihua`); a Latin name has one per reading."""
    readings = romanizations(name) if is_han(name) else latin_readings(latin_words)
    return {surname + given for surname, given in readings}
