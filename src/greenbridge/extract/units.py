"""A unit's name that swallowed its parent: `Solar Division of NIE`, `Fuel Cell
Laboratory of the Northfield Institute of Chemistry`: the unit ends at its head noun and
the parent becomes a name of its own (the `of` between them then gives part_of)."""

from __future__ import annotations

import re

from greenbridge.extract.mention import Mention

_SPLIT = re.compile(
    r"^(?P<unit>.+?\b(?:Laboratory|Lab|Division|Department|Office|Section|Branch|Unit))"
    r"\s+of\s+(?:the\s+)?(?P<tail>[A-Z].+)$"
)
_PARENT_HEADS = {"Institute", "University", "Academy"}
MIN_PARENT_WORDS = 3


def split_parents(text: str, names: list[Mention]) -> list[Mention]:
    """The names with each unit cut from the parent it swallowed (and the parent added when
    it is a full name, not an acronym)."""
    found: list[Mention] = []
    for name in names:
        match = _SPLIT.match(name.name) if name.type == "organization" else None
        if match is None:
            found.append(name)
            continue
        tail = match.group("tail")
        words = tail.split()
        acronym = len(words) == 1 and tail.isupper() and f"({tail})" in text
        full = len(words) >= MIN_PARENT_WORDS and _PARENT_HEADS & set(words[:-1] + words[-1:])
        if not (acronym or full):
            found.append(name)
            continue
        unit_end = text.find(match.group("unit").split()[-1], name.start) + len(
            match.group("unit").split()[-1]
        )
        tail_start = text.rfind(words[0], name.start, name.end)
        if unit_end <= name.start or tail_start < unit_end:
            found.append(name)
            continue
        name.end, name.name = unit_end, match.group("unit")
        name.attributes["head"] = match.group("unit").split()[-1].lower()
        found.append(name)
        if full:
            parent = Mention(
                type="organization",
                start=tail_start,
                end=_end_of(text, tail_start, tail),
                name=tail,
                sentence=name.sentence,
                rule="head",
            )
            parent.attributes["head"] = next(w for w in words if w in _PARENT_HEADS).lower()
            found.append(parent)
    return found


def _end_of(text: str, start: int, tail: str) -> int:
    """End offset of `tail` written from `start` (spaces may differ: line breaks)."""
    pos = start
    for word in tail.split():
        pos = text.find(word, pos) + len(word)
    return pos
