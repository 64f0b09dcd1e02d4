"""Names of people: after honorifics and titles, before an apposition (`X, Director of Y`),
family names in capitals (`LIU Wei`), and the model's PERSON entities that pass checks."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc
from wordfreq import zipf_frequency

from greenbridge.extract.lexicon import Lexicon, lexicon
from greenbridge.extract.mention import Mention, clean_name
from greenbridge.extract.places import city_country, country_code

_TOKEN = r"(?:[A-Z][a-z]+(?:[-'][A-Za-z][a-z]+)?|[A-Z]{2,}(?:-[A-Z][a-z]+)?)"
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
NAME = rf"{_TOKEN}(?:{_GAP}{_TOKEN}){{0,2}}"
_HONORIFIC = re.compile(
    rf"\b(?P<hon>Prof\.|Professor|Dr\.|Academician|Mr\.|Ms\.|Mrs\.|Madam|Sir){_GAP}(?P<name>{NAME})"
)
_CAPS = re.compile(r"\b(?P<name>[A-Z]{2,}(?:[ \t]+|\n)[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\b")
_APPOSITION = re.compile(
    rf"(?<![\w.’'-])(?P<name>{NAME}),(?=[ \t\n]+(?:also[ \t]+)?(?:(?:an?|the)[ \t]+)?"
    rf"(?P<title>[A-Za-z-]+(?:[ \t]+[A-Za-z-]+){{0,4}}))"
)
_TITLED = re.compile(rf"\b(?P<title>[A-Za-z-]+)[ \t]+(?=(?P<name>{NAME})\b)")

MAX_GIVEN_NAME_FREQUENCY = 4.0  # `LIU Wei` yes, `ABC Board` no
MAX_NAME_WORD_FREQUENCY = 5.0


def _word_ok(word: str, lex: Lexicon, titled: bool = False) -> bool:
    """A word that can be part of a person's name; after an honorific a city's name can
    (`Prof. Florence ...`)."""
    if word in lex.non_name_words or word in lex.non_person_words:
        return False
    if word in lex.months or word in lex.weekdays or word in lex.demonyms:
        return False
    low = word.lower()
    if low in lex.title_heads or low in lex.organization_heads or low in lex.event_heads:
        return False
    if low in lex.initiative_heads or country_code(word):
        return False
    if not titled and city_country(word):
        return False
    return zipf_frequency(low, "en") < MAX_NAME_WORD_FREQUENCY


def plausible_name(name: str, *, min_words: int = 2, titled: bool = False) -> bool:
    words = name.split()
    lex = lexicon()
    if not (min_words <= len(words) <= 4):
        return False
    if all(w.isupper() for w in words):
        return False
    return all(_word_ok(w, lex, titled) for w in words)


def _sentence(sentences: list[tuple[int, int]], start: int) -> tuple[int, int]:
    for s, e in sentences:
        if s <= start < e:
            return s, e
    return start, start


def _trim_name(text: str, lex: Lexicon, titled: bool = False) -> str:
    """Keep the leading words of `text` that can be part of a name."""
    kept: list[str] = []
    for word in re.split(r"\s+", text):
        if not _word_ok(word, lex, titled):
            break
        kept.append(word)
    return " ".join(kept)


def find_people(text: str, offset: int, sentences: list[tuple[int, int]]) -> list[Mention]:
    """Person mentions in `text` (a piece starting at `offset` of the document)."""
    lex = lexicon()
    found: list[Mention] = []

    def add(start: int, raw: str, rule: str, min_words: int = 2, **attrs: str) -> None:
        lead = re.match(r"(?:(?:[A-Z][a-z]+\.?)[ \t\n]+)*", raw)
        while lead and lead.group(0) and raw.split():
            first = raw.split()[0]
            if first not in lex.honorifics and first.lower() not in lex.title_words:
                break
            skip = raw.index(first) + len(first)
            skip += len(raw[skip:]) - len(raw[skip:].lstrip())
            start, raw = start + skip, raw[skip:]
        titled = rule == "honorific"
        name = _trim_name(clean_name(raw), lex, titled)
        if not name or not plausible_name(name, min_words=min_words, titled=titled):
            return
        words = list(re.finditer(r"\S+", raw))[: len(name.split())]
        mention = Mention(
            type="person",
            start=offset + start,
            end=offset + start + words[-1].start() + len(name.split()[-1]),
            name=name,
            sentence=_sentence(sentences, offset + start),
            rule=rule,
        )
        mention.attributes.update(attrs)
        found.append(mention)

    for m in _HONORIFIC.finditer(text):
        add(m.start("name"), m.group("name"), "honorific", 1, honorific=m.group("hon"))
    for m in _CAPS.finditer(text):
        given = m.group("name").split()[1]
        if zipf_frequency(given.lower(), "en") < MAX_GIVEN_NAME_FREQUENCY:
            add(m.start("name"), m.group("name"), "caps")
    _appositions(text, add, lex)
    return found


def _appositions(text: str, add: Callable[..., None], lex: Lexicon) -> None:
    for m in _APPOSITION.finditer(text):
        words = [w.lower() for w in m.group("title").split()]
        if words and words[0] == "former":
            words = words[1:]
        before = text[max(0, m.start() - 30) : m.start()].split()
        last = before[-1] if before else ""
        joined = last[-1:].isalpha() and last not in lex.honorifics
        if joined and last[:1].isupper() and _word_ok(last, lex):
            continue
        raw = m.group("title").split()
        qualified = (  # `Energy Officer of ...`, `Programme Officer for ...`
            len(words) >= 2 and words[1] in lex.title_heads and raw[-len(words)][:1].isupper()
        )
        if any(w in lex.title_heads for w in words[:4]) and (
            not words or words[0] in lex.title_words or qualified
        ):
            add(m.start("name"), m.group("name"), "apposition", title=m.group("title"))
    for m in _TITLED.finditer(text):
        if m.group("title").lower() in lex.title_heads or m.group("title") == "Secretary":
            add(m.start("name"), m.group("name"), "title")


def model_people(doc: Doc, offset: int, sentences: list[tuple[int, int]]) -> list[Mention]:
    """The model's PERSON entities that look like personal names."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or "\n" in ent.text:
            continue
        name = clean_name(ent.text)
        words = name.split()
        if not plausible_name(name) or not any(
            zipf_frequency(w.lower(), "en") < 3.5 for w in words
        ):
            continue
        start = offset + ent.start_char
        found.append(
            Mention(
                type="person",
                start=start,
                end=offset + ent.end_char,
                name=name,
                sentence=_sentence(sentences, start),
                rule="model",
            )
        )
    return found


def normal_person_name(name: str) -> str:
    """`LIU Wei` -> `Liu Wei`: a family name in capitals in normal case."""
    words = name.split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)
