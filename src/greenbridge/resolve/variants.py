"""Other names hidden in one written name: `X (ACR)`, `ACR - X`, `X, Country`, `X under Y`,
`中国农业大学（China Agricultural University, CAU）` (the name in the other script).

Each variant is a name the same entity goes by; the written name is kept as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from greenbridge.resolve.normalize import acronym_matches, country_code, is_acronym
from greenbridge.resolve.pinyin import is_han

_PARENTHESES = re.compile(r"\s*[(（]([^()（）]*)[)）]?")
_DASH = re.compile(r"\s+[-–—]{1,2}\s*|\s*[-–—]{1,2}\s+")
_UNDER = re.compile(r"\s+under\s+(the\s+)?", re.IGNORECASE)
_LEADING_COUNTRY_WORDS = 3


def name_variants(names: Iterable[str], country: str | None = None) -> list[str]:
    """`names` followed by the variants each of them contains, without repeats."""
    found: dict[str, None] = {}
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        found[name] = None
        for variant in _variants(name, country):
            if variant and len(variant) > 1:
                found.setdefault(variant, None)
    return list(found)


def _variants(name: str, country: str | None) -> Iterator[str]:
    base = _PARENTHESES.sub("", name).strip()
    if base != name:
        yield base
    for inner in _PARENTHESES.findall(name):
        for part in re.split(r"[,;，；、]\s*", inner):
            if _abbreviates(part.strip(), base) or _translates(part.strip(), base):
                yield part.strip()
    parts = [p.strip() for p in _DASH.split(base)]
    if len(parts) == 2 and (_abbreviates(parts[0], parts[1]) or _abbreviates(parts[1], parts[0])):
        yield from parts
        base = parts[1] if is_acronym(parts[0]) else parts[0]
    head, comma, tail = base.rpartition(",")
    if comma and (is_acronym(tail.strip()) or _is_country(tail, country)):
        yield head.strip()
        base = head.strip()
    under = _UNDER.split(base, maxsplit=1)
    if len(under) > 1 and len(under[0].split()) >= 2:
        yield under[0].strip()


def _abbreviates(acronym: str, name: str) -> bool:
    return is_acronym(acronym) and acronym_matches(acronym, name)


def _translates(part: str, base: str) -> bool:
    """`中国农业大学 (China Agricultural University)`: the name in the other script."""
    return bool(part) and is_han(part) != is_han(base) and any(c.isalpha() for c in part)


def _is_country(text: str, country: str | None) -> bool:
    return bool(country) and country_code(text.strip()) == country


def without_country(names: Iterable[str], country: str | None) -> list[str]:
    """The names without the record's country (`Ruritania National Roads Authority` ->
    `National Roads Authority`): keys for exact matching only, too bare for fuzzy rules."""
    return [short for name in names for short in _without_country_words(name, country)]


def _without_country_words(name: str, country: str | None) -> Iterator[str]:
    """`Ruritania Roads Authority` and `Grid Company of Ruritania` without the
    country, when the record is of that country."""
    if not country:
        return
    words = name.split()
    for size in range(1, min(_LEADING_COUNTRY_WORDS, len(words) - 2) + 1):
        if country_code(" ".join(words[:size])) == country:
            yield " ".join(words[size:])
    head, of, tail = name.rpartition(" of ")
    if of and len(head.split()) >= 2 and country_code(tail) == country:
        yield head
