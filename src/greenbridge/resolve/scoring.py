"""Pairwise scores of name records: name rules (rapidfuzz) adjusted by context.

A `NameRecord` is what the scorer knows of one entity record: its names, type and context
(country, parent organization, titles, co-mentioned entities, source document). It needs no
spaCy and no database, so the benchmark and the store share it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from greenbridge.resolve.normalize import (
    STOPWORDS,
    acronym_key,
    acronym_matches,
    is_acronym,
    name_key,
    person_tokens,
)

SURE = 0.9  # at or above: the same entity, merged automatically
UNSURE = 0.7  # from here up to SURE: queued for review
GENERIC_HEADS = frozenset(
    [
        "ministry",
        "department",
        "office",
        "secretariat",
        "school",
        "faculty",
        "college",
        "bureau",
        "agency",
        "directorate",
        "division",
        "unit",
        "committee",
        "commission",
        "council",
        "institute",
        "center",
        "laboratory",
        "lab",
        "program",
        "project",
        "authority",
        "administration",
        "board",
    ]
)


@dataclass(frozen=True)
class NameRecord:
    """One entity record as the scorer sees it."""

    names: tuple[str, ...]
    type: str
    country: str | None = None
    parent: str | None = None
    titles: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()  # name keys of co-mentioned entities
    source: str | None = None  # the document it comes from
    keys: frozenset[str] = field(default=frozenset(), compare=False)

    @classmethod
    def build(cls, names: Iterable[str], entity_type: str, **context: object) -> NameRecord:
        unique = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        keys = frozenset(name_key(n, entity_type) for n in unique if not is_acronym(n))
        return cls(names=unique, type=entity_type, keys=keys, **context)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Verdict:
    score: float
    rule: str


NO_MATCH = Verdict(0.0, "none")


def score_records(a: NameRecord, b: NameRecord) -> Verdict:
    """How sure we are that `a` and `b` are one entity, and the rule that says so."""
    if a.type != b.type:
        return NO_MATCH
    best = _best_name_verdict(a, b)
    if best.score <= 0:
        return best
    return _with_context(best, a, b)


def _best_name_verdict(a: NameRecord, b: NameRecord) -> Verdict:
    if a.keys & b.keys:
        return Verdict(1.0, "exact_name")
    acronyms = {acronym_key(n) for n in a.names if is_acronym(n)}
    if acronyms & {acronym_key(n) for n in b.names if is_acronym(n)}:
        return Verdict(0.95, "same_acronym")
    best = NO_MATCH
    for left in a.names:
        for right in b.names:
            verdict = score_names(left, right, a.type)
            if verdict.score > best.score:
                best = verdict
    return best


def score_names(left: str, right: str, entity_type: str) -> Verdict:
    """The name rule that best explains `left` and `right` as one entity's names."""
    if is_acronym(left) or is_acronym(right):
        return _acronym_verdict(left, right)
    if entity_type == "person":
        return _person_verdict(person_tokens(left), person_tokens(right))
    return _org_verdict(name_key(left, entity_type), name_key(right, entity_type))


def _acronym_verdict(left: str, right: str) -> Verdict:
    if is_acronym(left) and is_acronym(right):
        same = acronym_key(left) == acronym_key(right)
        return Verdict(0.95, "same_acronym") if same else NO_MATCH
    short, long = (left, right) if is_acronym(left) else (right, left)
    return Verdict(0.8, "acronym") if acronym_matches(short, long) else NO_MATCH


def _person_verdict(left: list[str], right: list[str]) -> Verdict:
    if not left or not right:
        return NO_MATCH
    if sorted(left) == sorted(right):
        return Verdict(1.0, "name_order" if left != right else "exact_name")
    if len(left) != len(right):
        return _person_initials(left, right)
    pairs = _align(sorted(left), sorted(right))
    if pairs is None:
        return NO_MATCH
    same = sum(1 for x, y in pairs if x == y)
    close = all(x == y or _small_variant(x, y) for x, y in pairs)
    if close and same >= 1:
        return Verdict(0.85, "person_spelling")
    return NO_MATCH


def _align(left: list[str], right: list[str]) -> list[tuple[str, str]] | None:
    """Pair each word of `left` with its closest word of `right` (one to one)."""
    remaining = list(right)
    pairs = []
    for word in left:
        closest = min(remaining, key=lambda other: Levenshtein.distance(word, other))
        remaining.remove(closest)
        pairs.append((word, closest))
    return pairs


def _small_variant(x: str, y: str) -> bool:
    return min(len(x), len(y)) >= 5 and Levenshtein.distance(x, y) <= 1


def _person_initials(left: list[str], right: list[str]) -> Verdict:
    """`J. Cao` and `Jinghua Cao`: one family name shared, the other an initial."""
    short, long = (left, right) if len(left) < len(right) else (right, left)
    if len(short) != 2 or len(long) != 2:
        return NO_MATCH
    initial = [w for w in short if len(w) == 1]
    family = [w for w in short if len(w) > 1]
    if len(initial) == 1 and family and family[0] in long:
        other = next(w for w in long if w != family[0])
        if other.startswith(initial[0]):
            return Verdict(0.75, "person_initial")
    return NO_MATCH


def _org_verdict(left: str, right: str) -> Verdict:
    if not left or not right:
        return NO_MATCH
    if left == right:
        return Verdict(1.0, "exact_name")
    lw = [w for w in left.split() if w not in STOPWORDS]
    rw = [w for w in right.split() if w not in STOPWORDS]
    if sorted(lw) == sorted(rw):
        return Verdict(0.95, "word_order")
    parent = _parent_variant(left, right)
    if parent:
        return parent
    ratio = fuzz.ratio(left, right) / 100
    if ratio >= 0.96 and min(len(left), len(right)) >= 15:
        return Verdict(0.9, "spelling")
    if ratio >= 0.9 and min(len(left), len(right)) >= 12:
        return Verdict(0.75, "spelling")
    return NO_MATCH


def _parent_variant(left: str, right: str) -> Verdict | None:
    """`Energy Internet Research Institute of Tsinghua University` and its short form."""
    short, long = sorted((left, right), key=len)
    if len(short.split()) < 2:
        return None
    if long.startswith(short + " of ") or long.startswith(short + " "):
        return Verdict(0.8, "without_parent:" + long[len(short) :].strip().removeprefix("of "))
    if long.endswith(" " + short):
        return Verdict(0.8, "without_parent:" + long[: -len(short)].strip())
    return None


def _with_context(verdict: Verdict, a: NameRecord, b: NameRecord) -> Verdict:
    score, rule = verdict.score, verdict.rule
    if a.country and b.country and a.country != b.country:
        return Verdict(min(score, 0.3), rule + "+country_conflict")
    if a.parent and b.parent and a.parent != b.parent:
        return Verdict(min(score, 0.5), rule + "+parent_conflict")
    if rule.startswith("without_parent:"):
        removed = rule.split(":", 1)[1]
        known = {x for x in (a.parent, b.parent) if x} | a.context | b.context
        if removed in known:
            return Verdict(0.93, "without_parent")
        return Verdict(score, "without_parent")
    if rule == "exact_name" and _generic(a, b):
        return Verdict(0.8, "exact_generic_name")
    bonus = _context_bonus(a, b)
    if score < SURE and bonus:
        return Verdict(min(score + bonus, 0.97), rule + "+context")
    return Verdict(score, rule)


def _generic(a: NameRecord, b: NameRecord) -> bool:
    """A generic organization name (`Ministry of Finance`) known by country on one side only."""
    if a.type != "organization" or bool(a.country) == bool(b.country):
        return False
    return any(key.split()[0] in GENERIC_HEADS for key in a.keys & b.keys if key)


def _context_bonus(a: NameRecord, b: NameRecord) -> float:
    bonus = 0.0
    if a.source and a.source == b.source:
        bonus += 0.08
    shared = (a.context & b.context) - a.keys - b.keys
    if len(shared) >= 2:
        bonus += 0.08
    elif shared:
        bonus += 0.04
    if a.titles & b.titles:
        bonus += 0.03
    if a.country and a.country == b.country:
        bonus += 0.03
    return bonus
