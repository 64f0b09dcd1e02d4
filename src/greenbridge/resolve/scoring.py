"""Pairwise scores of name records: name rules (rapidfuzz) adjusted by context.

A `NameRecord` is what the scorer knows of one entity record: its names, type and context
(country, parent organization, titles, co-mentioned entities, source document). It needs no
spaCy and no database, so the benchmark and the store share it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from greenbridge.resolve.identifiers import identifiers_conflict
from greenbridge.resolve.names_zh import generic_name, translated_match
from greenbridge.resolve.normalize import (
    HAN_PINYIN,
    LATIN_PINYIN,
    STOPWORDS,
    acronym_key,
    acronym_matches,
    country_code,
    is_acronym,
    name_key,
    person_tokens,
    person_words,
)
from greenbridge.resolve.pinyin import common_han_name, is_han, pinyin_match
from greenbridge.resolve.variants import name_variants, without_country

KIND_WORDS = frozenset(
    [
        "alliance",
        "association",
        "society",
        "organization",
        "federation",
        "network",
        "union",
        "international",
    ]
)
COMMON_WORD_ZIPF = 3.0  # an English word at least this frequent is not a proper name
SURE = 0.9  # at or above: the same entity, merged automatically
UNSURE = 0.7  # from here up to SURE: queued for review
PINYIN = 0.86  # a Han name and its pinyin (or its words): sure with one shared co-mentioned name
PINYIN_COMMON = 0.8  # ... of a common or generic name: sure only with much shared context
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
# Heads of the names of bodies every country has (`Ministere de l'Energie`) and the words that
# scope a name to one country (`National ...`, `Federal ...`): such a name in two countries is
# two organizations; any other organization seen in two countries is one with two countries.
FOREIGN_HEADS = frozenset(
    ["ministere", "ministerio", "ministerium", "ministero", "agence", "agencia", "institut",
     "instituto", "direction", "direccion", "departement", "departamento", "secretaria",
     "conseil", "consejo", "comite", "comision", "oficina"]
)  # fmt: skip
COUNTRY_WORDS = frozenset(
    ["national", "federal", "state", "royal", "central", "provincial", "regional", "municipal",
     "republic", "government", "nacional", "federale"]
)  # fmt: skip


@dataclass(frozen=True)
class NameRecord:
    """One entity record as the scorer sees it."""

    names: tuple[str, ...]
    type: str
    country: str | None = None
    parent: str | None = None
    titles: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()  # name keys of co-mentioned entities
    sources: frozenset[str] = frozenset()  # the documents it comes from
    countries: frozenset[str] = frozenset()  # every country known for it (`country` included)
    identifiers: frozenset[str] = frozenset()  # `orcid:...`, `ror:...` (resolve.identifiers)
    keys: frozenset[str] = field(default=frozenset(), compare=False)
    distinct: tuple[str, ...] = field(default=(), compare=False)  # one name per key

    @classmethod
    def build(cls, names: Iterable[str], entity_type: str, **context: object) -> NameRecord:
        """A record of `names` and the variants they contain (`X (ACR)` gives `X`, `ACR`).
        `country` is the record's first country, `countries` any others it is known by."""
        country = context.get("country")
        country = country if isinstance(country, str) else None
        known = context.pop("countries", None) or ()
        assert isinstance(known, Iterable)
        countries = frozenset(c for c in (country, *known) if isinstance(c, str) and c)
        unique = tuple(name_variants(names, country))
        keys = frozenset(
            name_key(n, entity_type)
            for n in (*unique, *without_country(unique, country))
            if not is_acronym(n)
        )
        distinct: dict[str, str] = {}
        for name in unique:
            distinct.setdefault(name if is_acronym(name) else name_key(name, entity_type), name)
        return cls(
            names=unique,
            type=entity_type,
            keys=keys,
            distinct=tuple(distinct.values()),
            countries=countries,
            **context,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Verdict:
    score: float
    rule: str


NO_MATCH = Verdict(0.0, "none")


def score_records(a: NameRecord, b: NameRecord) -> Verdict:
    """How sure we are that `a` and `b` are one entity, and the rule that says so."""
    if a.type != b.type:
        return NO_MATCH
    if a.identifiers & b.identifiers:
        return Verdict(1.0, "same_identifier")  # one ORCID, ROR id, Wikidata item or address
    if identifiers_conflict(a.identifiers, b.identifiers):
        return Verdict(0.0, "different_identifier")  # two ORCIDs are two people
    best = _best_name_verdict(a, b)
    if best.score <= 0:
        return best
    return _with_context(best, a, b)


def _best_name_verdict(a: NameRecord, b: NameRecord) -> Verdict:
    if a.keys & b.keys:
        return Verdict(1.0, "exact_name")
    acronyms = {acronym_key(n) for n in a.names if is_acronym(n)}
    shared = acronyms & {acronym_key(n) for n in b.names if is_acronym(n)}
    if shared:
        return Verdict(0.95 if max(map(len, shared)) >= 3 else 0.8, "same_acronym")
    best = NO_MATCH
    for left in a.distinct or a.names:
        for right in b.distinct or b.names:
            verdict = score_names(left, right, a.type)
            if verdict.score > best.score:
                best = verdict
    return best


def score_names(left: str, right: str, entity_type: str) -> Verdict:
    """The name rule that best explains `left` and `right` as one entity's names."""
    if is_acronym(left) or is_acronym(right):
        return _acronym_verdict(left, right)
    if entity_type == "person" and is_han(left) != is_han(right):
        return _pinyin_verdict(left, right)
    if entity_type == "person":
        return _person_verdict(person_tokens(left), person_tokens(right))
    if entity_type == "organization" and is_han(left) != is_han(right):
        return _translated_verdict(left, right)
    return _org_verdict(name_key(left, entity_type), name_key(right, entity_type), entity_type)


def _acronym_verdict(left: str, right: str) -> Verdict:
    if is_acronym(left) and is_acronym(right):
        return NO_MATCH  # equal acronyms are scored before the names
    short, long = (left, right) if is_acronym(left) else (right, left)
    return Verdict(0.8, "acronym") if acronym_matches(short, long) else NO_MATCH


def _person_verdict(left: list[str], right: list[str]) -> Verdict:
    if not left or not right:
        return NO_MATCH
    if sorted(left) == sorted(right):
        return Verdict(1.0, "name_order" if left != right else "exact_name")
    if abs(len(left) - len(right)) == 1 and _joined_equal(left, right):
        return Verdict(0.95, "name_joined")  # Ana-Maria / Ana Maria / Anamaria
    if len(left) != len(right) or not set(left) & set(right):
        return NO_MATCH
    pairs = _align(sorted(left), sorted(right))
    close = all(x == y or _small_variant(x, y) for x, y in pairs)
    if close:
        return Verdict(0.85, "person_spelling")
    return _person_initials(left, right)


def _pinyin_verdict(left: str, right: str) -> Verdict:
    """A Han name and its romanization: never sure alone (many Han names read alike), less
    so for a name many people share; the context of the records decides."""
    han, latin = (left, right) if is_han(left) else (right, left)
    if not pinyin_match(han, person_words(latin)):
        return NO_MATCH
    if common_han_name(han):
        return Verdict(PINYIN_COMMON, "pinyin_common_name")
    return Verdict(PINYIN, "pinyin")


def _translated_verdict(left: str, right: str) -> Verdict:
    """A Chinese organization name whose words are those of the English one: sure only with
    shared context; a name of generic words only (国际合作局) needs more of it."""
    han, latin = (left, right) if is_han(left) else (right, left)
    if not translated_match(han, latin):
        return NO_MATCH
    if generic_name(han):
        return Verdict(PINYIN_COMMON, "translated_generic_name")
    return Verdict(PINYIN, "translated_name")


def _joined_equal(left: list[str], right: list[str]) -> bool:
    short, long = sorted((left, right), key=len)
    for i in range(len(long) - 1):
        merged = [*long[:i], long[i] + long[i + 1], *long[i + 2 :]]
        if sorted(merged) == sorted(short):
            return True
    return False


def _align(left: list[str], right: list[str]) -> list[tuple[str, str]]:
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
    """`M. Okafor` and `Mara Okafor`: one family name shared, the other an initial."""
    short, long = (left, right) if min(map(len, left)) == 1 else (right, left)
    if len(short) != 2 or len(long) != 2:
        return NO_MATCH
    initial = [w for w in short if len(w) == 1]
    family = [w for w in short if len(w) > 1]
    if len(initial) == 1 and family and family[0] in long:
        other = next(w for w in long if w != family[0])
        if other.startswith(initial[0]):
            return Verdict(0.75, "person_initial")
    return NO_MATCH


def _org_verdict(left: str, right: str, entity_type: str = "organization") -> Verdict:
    if not left or not right:
        return NO_MATCH
    if left == right:
        return Verdict(1.0, "exact_name")
    lw, rw = _significant(left), _significant(right)
    if min(len(lw), len(rw)) == 1 and entity_type == "organization":
        return _one_word_reference(left.split(), right.split())
    left_set, right_set = set(lw), set(rw)
    if min(len(left_set - right_set), len(right_set - left_set)) > 2:
        return NO_MATCH  # no rule joins names this far apart
    if sorted(lw) == sorted(rw):
        return Verdict(0.95, "word_order")
    parent = _parent_variant(left, right) if entity_type == "organization" else None
    if parent:
        return parent
    if _unit_of(left, right):
        return NO_MATCH  # `Board of the X` is a body of X, not X
    short, long = sorted((set(lw), set(rw)), key=len)
    if len(short) >= 3 and short < long and len(long - short) == 1:
        extra = next(iter(long - short))
        if zipf_frequency(extra, "en") >= COMMON_WORD_ZIPF:  # not a place or a proper name
            return Verdict(0.8, "one_word_more")
    if _kind_word_swap(set(lw), set(rw)):
        return Verdict(0.8, "kind_word")
    return _org_spelling(lw, rw)


def _unit_of(left: str, right: str) -> bool:
    short, long = sorted((left, right), key=len)
    return f" of {short}" in long or f" of the {short}" in long


def _one_word_reference(left: list[str], right: list[str]) -> Verdict:
    """`the Alliance` for `Varnia Soil Alliance` (its head word), `Kestrel Group` for `Kestrel
    Energy Group` (its rare first word): only ever sure within one document."""
    short, long = sorted((left, right), key=len)
    if len(long) < 2:
        return NO_MATCH
    word = short[0]
    if word == _head_word(long):
        return Verdict(0.8, "short_reference")
    if word == long[0] and zipf_frequency(word, "en") < COMMON_WORD_ZIPF:
        return Verdict(0.8, "short_reference")
    return NO_MATCH


def _head_word(words: list[str]) -> str:
    """The noun a name is about: the last word before `of`/`for`/`to`, else the last word."""
    text = " ".join(words)
    for joint in (" of ", " for ", " to ", " on "):
        text = text.split(joint, 1)[0]
    return text.split()[-1]


@lru_cache(maxsize=500_000)
def _significant(key: str) -> list[str]:
    return [w for w in key.split() if w not in STOPWORDS]


def _kind_word_swap(left: set[str], right: set[str]) -> bool:
    """`X Society` and `X Association`: the same name but for the word saying what kind."""
    only_left, only_right = left - right, right - left
    if not only_left or not only_right or len(left & right) < 2:
        return False
    return only_left | only_right <= KIND_WORDS and max(len(only_left), len(only_right)) <= 2


def _org_spelling(left: list[str], right: list[str]) -> Verdict:
    """The same words but one, and that one a small spelling variant (`Organisation`)."""
    if len(left) != len(right) or len(left) < 2:
        return NO_MATCH
    differing = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if len(differing) != 1:
        return NO_MATCH
    x, y = differing[0]
    if min(len(x), len(y)) < 5:
        return NO_MATCH
    if x[:5] == y[:5] and Levenshtein.distance(x, y) <= 3:
        return Verdict(0.9, "word_form")  # statistical / statistics, forest / forestry
    ratio = fuzz.ratio(x, y) / 100
    if Levenshtein.distance(x, y) <= (2 if ratio >= 0.85 else 1):
        return Verdict(0.85, "spelling")
    return NO_MATCH


def _parent_variant(left: str, right: str) -> Verdict | None:
    """`Soil Research Institute of Varnia University` and its short form."""
    short, long = sorted((left, right), key=len)
    if len(short.split()) < 2:
        return None
    if long.startswith(short + " of "):
        return Verdict(0.8, "without_parent:" + long[len(short) + 4 :])
    removed = long[: -len(short)].strip()
    if long.endswith(" " + short) and removed.split()[-1] not in STOPWORDS:
        return Verdict(0.8, "without_parent:" + removed)  # not `unit of the X` and `X`
    return None


def _with_context(verdict: Verdict, a: NameRecord, b: NameRecord) -> Verdict:
    score, rule = verdict.score, verdict.rule
    if _country_conflict(rule, a, b):
        return Verdict(min(score, 0.3), rule + "+country_conflict")
    if a.parent and b.parent and a.parent != b.parent:
        return Verdict(min(score, 0.5), rule + "+parent_conflict")
    if rule.startswith("without_parent:"):
        return _without_parent(rule.split(":", 1)[1], score, a, b)
    if rule == "short_reference" and not a.sources & b.sources:
        return NO_MATCH  # a bare `Alliance` elsewhere may be any alliance
    if rule == "exact_name" and _generic(a, b):
        return Verdict(0.8, "exact_generic_name")
    bonus = _context_bonus(a, b)
    if score < SURE and bonus:
        return Verdict(min(score + bonus, 0.97), rule + "+context")
    return Verdict(score, rule)


def _without_parent(removed: str, score: float, a: NameRecord, b: NameRecord) -> Verdict:
    """A name with and without its parent's name (or its country's) is one entity when the
    parent is the record's known parent, a co-mentioned entity, or the record's country."""
    known = {x for x in (a.parent, b.parent) if x} | a.context | b.context
    tail = removed.rsplit(" of ", 1)[-1].removeprefix("the ")
    if removed in known or tail in known:
        return Verdict(0.93, "without_parent")
    country = country_code(removed)
    if country and country in a.countries | b.countries:
        return Verdict(0.93, "without_country")
    return Verdict(score, "without_parent")


def _generic(a: NameRecord, b: NameRecord) -> bool:
    """A generic organization name (`Ministry of Finance`) known by country on one side only."""
    if a.type != "organization" or bool(a.countries) == bool(b.countries):
        return False
    return any(country_scoped(key) for key in a.keys & b.keys)


def country_scoped(key: str) -> bool:
    """Whether the organization name `key` is one that each country has its own of:
    `ministry of energy`, `national disaster management authority`, `institute of geography`."""
    words = key.split()
    return bool(words) and (
        words[0] in GENERIC_HEADS or words[0] in FOREIGN_HEADS or words[0] in COUNTRY_WORDS
    )


def _shared_context(a: NameRecord, b: NameRecord) -> int:
    """Co-mentioned names the records share: the same keys, and people named in Han on one
    side and in pinyin on the other (a Latin name's pinyin keys repeat its own key)."""
    pinyin = (HAN_PINYIN, LATIN_PINYIN)
    plain = {k for k in (a.context & b.context) - a.keys - b.keys if not k.startswith(pinyin)}
    crossed = _pinyin(a, HAN_PINYIN) & _pinyin(b, LATIN_PINYIN)
    crossed |= _pinyin(a, LATIN_PINYIN) & _pinyin(b, HAN_PINYIN)
    return len(plain) + len(crossed)


def _pinyin(record: NameRecord, mark: str) -> set[str]:
    return {k[len(mark) :] for k in record.context if k.startswith(mark)}


def _country_conflict(rule: str, a: NameRecord, b: NameRecord) -> bool:
    """Records of no common country are apart, except that an organization of one name (or one
    defined acronym) seen in two countries is one organization with two countries, unless the
    name is country-scoped: which country comes first must not decide whether there are two."""
    if not a.countries or not b.countries or a.countries & b.countries:
        return False
    if a.type != "organization" or rule not in ("exact_name", "same_acronym"):
        return True
    keys = a.keys & b.keys if rule == "exact_name" else a.keys | b.keys
    return any(country_scoped(key) for key in keys)


def _context_bonus(a: NameRecord, b: NameRecord) -> float:
    bonus = 0.0
    shared = _shared_context(a, b)
    if a.sources & b.sources:
        bonus += 0.1
    elif shared >= 2:
        bonus += 0.08
    elif shared:
        bonus += 0.04
    if a.titles & b.titles:
        bonus += 0.03
    if a.countries & b.countries:
        bonus += 0.03
    return bonus
