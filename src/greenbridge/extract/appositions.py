"""Appositions after a person (`X, Senior Advisor of the Y, said`): the stretch of text that
describes the person, and the `Title of <organization>` pairs in it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from greenbridge.extract.lexicon import lexicon
from greenbridge.extract.mention import Mention, clean_name
from greenbridge.extract.names import is_acronym
from greenbridge.extract.places import city_country, country_code

_END = re.compile(r",\s+(?=[a-z])|[.;:!?](?:\s|$)|\(|\n\n")
_OF = re.compile(r"\b(?:of|at|from)\s+(?:the\s+)?(?=[A-Z])")
_RUN = re.compile(r"[A-Z][\w&’'-]*(?:\s+(?:[A-Z][\w&’'-]*|&|of|for|on)(?=\s+[A-Z]|\b))*")


def region(text: str, person: Mention) -> tuple[int, int]:
    """From the end of the person's name to the end of the words describing them."""
    end = person.sentence[1] if person.sentence[1] > person.end else len(text)
    end = min(end, person.end + 240)
    lead = re.match(r"\s*,\s*", text[person.end : end])
    cut = _END.search(text, person.end + (lead.end() if lead else 0), end)
    return person.end, cut.start() if cut else end


def title_before(text: str, start: int, at: int) -> str:
    """The job title written just before `of` at `at` (back to a comma or the region start)."""
    lex = lexicon()
    kept: list[str] = []
    for word in reversed(text[start:at].rsplit(",", 1)[-1].split()):
        if word.lower() not in lex.title_words and word.lower() != "and":
            break
        kept.insert(0, word)
    while kept and kept[0].lower() in {"and", "the", "an", "a", "also", "former", "to"}:
        kept.pop(0)
    return " ".join(w[:1].upper() + w[1:] for w in kept)


def title_slots(text: str, person: Mention) -> Iterator[tuple[int, str]]:
    """(position where an organization's name starts, the title before it) in the region."""
    start, end = region(text, person)
    for match in _OF.finditer(text, start, end):
        title = title_before(text, start, match.start())
        if title and title.split()[-1].lower() in lexicon().title_heads:
            yield match.end(), title


def missing_organizations(text: str, people: list[Mention], names: list[Mention]) -> list[Mention]:
    """Bodies named after `Title of` that no other rule found (`Acme Data Labs`)."""
    found: list[Mention] = []
    starts = {n.start for n in names}
    for person in people:
        if person.rule != "apposition":
            continue
        for at, _title in title_slots(text, person):
            if at in starts or any(n.start <= at < n.end for n in names + found):
                continue
            run = _RUN.match(text, at)
            if run is None:
                continue
            name = clean_name(re.sub(r"\s+(?:and|of|for|on|&)$", "", run.group(0)))
            words = name.split()
            if not words or country_code(name) or city_country(name):
                continue
            if len(words) == 1 and not is_acronym(name):
                continue
            found.append(
                Mention("organization", at, at + len(name), name, person.sentence, rule="title")
            )
    return found
