"""Name keys: Unicode folding, honorifics, organization name variants, acronyms, phonetic keys.

Every key is a plain string so it can be stored (`Alias.normalized`) and used for blocking.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
import pycountry

from greenbridge.resolve.pinyin import is_han, romanized_keys, simplified

HONORIFICS = frozenset(
    [
        "prof",
        "professor",
        "dr",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "madam",
        "madame",
        "sir",
        "dame",
        "academician",
        "he",
        "excellency",
        "hon",
        "honourable",
        "honorable",
        "president",
        "amb",
        "ambassador",
        "engr",
        "eng",
    ]
)
STOPWORDS = frozenset(
    [
        "of",
        "for",
        "and",
        "the",
        "in",
        "on",
        "at",
        "to",
        "under",
        "by",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "el",
        "del",
        "et",
        "y",
        "e",
        "da",
        "do",
        "dos",
    ]
)
# Organization words that name the same thing in different spellings or forms.
ORG_VARIANTS = {
    "centre": "center",
    "organisation": "organization",
    "programme": "program",
}
# Legal forms at the end of a company name: `Corporation` and `Group` name the same company.
LEGAL_FORMS = frozenset(
    [
        "corporation",
        "corp",
        "group",
        "co",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "plc",
        "company",
        "gmbh",
        "ag",
        "sa",
        "jsc",
    ]
)
# Words that end a technology's or initiative's name without changing what it names.
GENERIC_TAILS = {
    "technology": frozenset(["technology", "technologies", "process", "processes"]),
    "initiative": frozenset(["initiative"]),
}
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,11}s?$")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case ASCII-folded text with `&` spelt out and punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("&", " and ").replace("'s ", " ").replace("’s ", " ")
    return _SPACE.sub(" ", _PUNCT.sub(" ", ascii_text.lower())).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


def strip_honorifics(words: list[str]) -> list[str]:
    """Drop leading and trailing titles (`prof`, `dr`, `h e`), keeping at least one word."""
    kept = list(words)
    while len(kept) > 1 and kept[0] in HONORIFICS:
        kept.pop(0)
    while len(kept) > 1 and kept[-1] in HONORIFICS:
        kept.pop()
    return kept


def person_tokens(name: str) -> list[str]:
    """A person's name words without honorifics; hyphenated given names joined (`Ji-Won` -> `jiwon`)."""
    return list(_person_tokens(name))


@lru_cache(maxsize=500_000)
def _person_tokens(name: str) -> tuple[str, ...]:
    joined = unicodedata.normalize("NFKC", name).replace("-", "").replace("‐", "")
    return tuple(strip_honorifics(tokens(joined)))


def person_words(name: str) -> list[str]:
    """A person's name words without leading titles only: a trailing `he` may be a name
    (`Liu He`), as the pinyin of a Chinese name is read."""
    words = tokens(unicodedata.normalize("NFKC", name).replace("-", "").replace("‐", ""))
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return words


def org_tokens(name: str) -> list[str]:
    """An organization's words with spelling variants unified and legal forms dropped."""
    words = [ORG_VARIANTS.get(w, w) for w in tokens(name)]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return words


@lru_cache(maxsize=500_000)
def name_key(name: str, entity_type: str) -> str:
    """The exact-match key of a name: person words sorted, organization variants unified;
    Han characters simplified."""
    name = simplified(name)
    if entity_type == "person":
        return " ".join(sorted(person_tokens(name)))
    if entity_type == "organization":
        return " ".join(org_tokens(name))
    words = tokens(name)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    generic = GENERIC_TAILS.get(entity_type, frozenset())
    while len(words) > 1 and words[-1] in generic:
        words.pop()
    return " ".join(words)


HAN_PINYIN, LATIN_PINYIN = "pyh:", "pyl:"  # context keys of a person's name in pinyin


def context_keys(name: str, entity_type: str) -> set[str]:
    """What a co-mentioned name adds to a record's context: its key, and for a person the
    pinyin of the name, marked by the script it comes from (`pyh:zhanglihua` for 张丽华,
    `pyl:zhanglihua` for Zhang Lihua): a Han name meets its Latin writing through it."""
    keys = {name_key(name, entity_type)}
    if entity_type == "person":
        mark = HAN_PINYIN if is_han(name) else LATIN_PINYIN
        keys |= {mark + key for key in romanized_keys(name, person_words(name))}
    return keys


def is_acronym(name: str) -> bool:
    """`ICE`, `AB-CD`, `NGOs`: a short upper-case token without spaces."""
    return " " not in name.strip() and bool(_ACRONYM.match(name.strip()))


def acronym_key(name: str) -> str:
    """The letters of an acronym, lower case (`NGOs` -> `ngo`, `AB-CD` -> `abcd`)."""
    text = name.strip()
    if text.endswith("s") and text[:-1].isupper():
        text = text[:-1]
    return re.sub(r"[^a-z0-9]", "", fold(text).replace(" ", ""))


def initials(name: str) -> str:
    """First letters of the significant words (`Institute of Coastal Engineering` -> `ice`)."""
    words = [w for w in tokens(name.replace("-", " ")) if w not in STOPWORDS]
    return "".join(w[0] for w in words)


def acronym_matches(acronym: str, name: str) -> bool:
    """Whether `acronym` can be spelt from word prefixes of `name`, in order.

    Each used word gives a prefix of one or more letters; stopwords may be skipped, and so may
    the first significant word or leading acronyms (`WASTEC` = National WAter and Soil TEchnology
    Center, `CSA` = ABC-XYZ Centre for Soil Analysis). Every later word is used.
    """
    letters = acronym_key(acronym)
    words = tokens(name.replace("-", " "))
    if not letters or len(words) < 2:
        return False
    return any(_spell(letters, words[start:]) for start in _start_positions(name, words))


def _start_positions(name: str, words: list[str]) -> list[int]:
    raw = name.replace("-", " ").split()
    leading_caps = 0
    while leading_caps < len(raw) - 1 and raw[leading_caps].isupper():
        leading_caps += 1
    return sorted({0, 1, leading_caps})


def _spell(letters: str, words: list[str]) -> bool:
    if not letters:
        return all(w in STOPWORDS or w in LEGAL_FORMS for w in words)
    if not words:
        return False
    word, rest = words[0], words[1:]
    if word in STOPWORDS and _spell(letters, rest):
        return True
    for size in range(min(len(word), len(letters)), 0, -1):
        if word[:size] == letters[:size] and _spell(letters[size:], rest):
            return True
    return False


def phonetic_key(word: str) -> str:
    """A sound key of one word (metaphone), for spelling variants of person names."""
    return jellyfish.metaphone(word) if word.isalpha() else word


@lru_cache(maxsize=20_000)
def country_code(text: str) -> str | None:
    """The ISO alpha-2 code of a country name or code (`malaysia`, `the republic of korea`)."""
    cleaned = text.strip().removeprefix("the ").strip()
    if not cleaned:
        return None
    try:
        country = pycountry.countries.lookup(cleaned)
    except LookupError:
        return None
    return str(country.alpha_2)
