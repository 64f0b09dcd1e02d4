"""From mentions to entities: overlaps resolved, acronyms attached, variants grouped."""

from __future__ import annotations

import re
from collections.abc import Iterable

import jellyfish

from greenbridge.extract.lexicon import lexicon
from greenbridge.extract.mention import Mention, fold
from greenbridge.extract.model import ExtractedEntity, Span
from greenbridge.extract.names import acronym_after
from greenbridge.extract.people import normal_person_name
from greenbridge.extract.places import city_country, country_code
from greenbridge.extract.schema_ids import PREFIX

_LEADING = re.compile(
    r"^(?:the\s+|(?:19|20)\d\d\s+|\d+(?:st|nd|rd|th)\s+|(?:first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|\w+teenth|twentieth|thirtieth)\s+)+",
    re.IGNORECASE,
)
_SAME_HEAD = {
    "corporation": "company",
    "group": "company",
    "society": "association",
    "co": "company",
}
_GENERIC = {
    "party",
    "standing",
    "organizing",
    "organising",
    "expert",
    "governing",
    "steering",
    "advisory",
    "academic",
    "the",
    "its",
    "their",
    "professional",
}
_UNIT_HEADS = {
    "institute",
    "school",
    "department",
    "team",
    "group",
    "center",
    "centre",
    "office",
    "secretariat",
    "committee",
    "laboratory",
    "faculty",
    "college",
    "division",
    "section",
    "branch",
}


def resolve_overlaps(text: str, names: list[Mention]) -> list[Mention]:
    """Longest names win; a name nested after `of`/`for` in a longer one is kept as its part."""
    kept: list[Mention] = []
    for mention in sorted(names, key=lambda m: (m.start - m.end, m.start)):
        outer = next((k for k in kept if mention.overlaps(k)), None)
        if outer is None:
            kept.append(mention)
        elif mention.within(outer) and _nested_after_connector(text, outer, mention):
            if outer.type in {"organization", "event"} and mention.type == "organization":
                if outer.type == "event":
                    _add_short_alias(text, outer, mention)
                mention.attributes["nested_in"] = outer
                if outer.type == "organization" and outer.parent is None:
                    outer.parent = mention
                    _add_short_alias(text, outer, mention)
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _nested_after_connector(text: str, outer: Mention, inner: Mention) -> bool:
    before = text[outer.start : inner.start].rstrip().lower()
    if country_code(inner.name.split()[0]):
        return False
    return before.endswith((" of", " for", " of the", " for the", " on"))


def _add_short_alias(text: str, outer: Mention, inner: Mention) -> None:
    short = re.sub(r"\s+(?:of|for)(?:\s+the)?\s*$", "", text[outer.start : inner.start].strip())
    short = " ".join(short.split())
    if len(short.split()) >= 2 and short != outer.name:
        outer.aliases.append(short)


def generic_organization(name: str) -> bool:
    """`Steering Board`, `Lyon Club`, `French Academy`: no name of its own."""
    lex = lexicon()
    words = name.split()
    if len(words) < 2 or any(w in {"of", "for", "on"} for w in words):
        return False
    return all(
        w.lower() in _GENERIC or w in lex.demonyms or country_code(w) or city_country(w)
        for w in words[:-1]
    )


def attach_acronyms(text: str, names: list[Mention]) -> dict[str, Mention]:
    """`Long Name (LN)`: LN becomes an alias; returns acronym -> the mention defining it."""
    defined: dict[str, Mention] = {}
    for mention in names:
        found = acronym_after(text, mention.end)
        if found:
            acronym = found[0]
            if acronym not in mention.aliases:
                mention.aliases.append(acronym)
            defined.setdefault(acronym, mention)
    return defined


def initials(name: str) -> str:
    words = re.findall(r"[A-Za-z]+", name)
    return "".join(w[0] for w in words if w[0].isupper())


def _group_key(mention: Mention) -> str:
    owner = mention.attributes.get("acronym_of")
    if isinstance(owner, Mention):
        return _group_key(owner)
    if mention.type == "person":
        return " ".join(sorted(fold(mention.name).split()))
    return _name_key(mention.type, mention.name)


def _name_key(kind: str, name: str) -> str:
    key = fold(_LEADING.sub("", name))
    if kind == "organization":
        words = [_SAME_HEAD.get(w, w) for w in key.split() if w not in {"of", "the", "ltd"}]
        return " ".join(sorted(words))
    return key


def _same_person(a: str, b: str) -> bool:
    wa, wb = fold(a).split(), fold(b).split()
    if len(wa) != len(wb):
        return False
    for order in (wb, list(reversed(wb))):
        if all(
            jellyfish.jaro_winkler_similarity(x, y) >= 0.92 for x, y in zip(wa, order, strict=True)
        ):
            return True
    return False


def group_mentions(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Mentions of one type grouped into entities (same key, or the same person's variants)."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    alias_keys: dict[tuple[str, str], tuple[str, str]] = {}
    for mention in mentions:
        key = (mention.type, _group_key(mention))
        key = alias_keys.get(key, key)
        if mention.type != "person":
            own = [
                (mention.type, _name_key(mention.type, a))
                for a in mention.aliases
                if not a.isupper()
            ]
            if key not in groups:
                key = next((k for k in own if k in groups), key)
            for alias_key in own:
                alias_keys.setdefault(alias_key, key)
        if key not in groups and mention.type == "person":
            key = next(
                (
                    k
                    for k, g in groups.items()
                    if k[0] == "person" and _same_person(g[0].name, mention.name)
                ),
                key,
            )
        groups.setdefault(key, []).append(mention)
    return list(groups.values())


def _canonical(group: list[Mention]) -> tuple[str, list[str]]:
    surface = []
    for m in group:
        surface.append(" ".join(m.name.split()))
        surface.extend(m.aliases)
    if group[0].type == "person":
        caps = [s for s in surface if any(w.isupper() and len(w) > 1 for w in s.split())]
        name = normal_person_name(caps[0]) if caps else surface[0]
    else:
        name = max(
            (s for s in surface if not s.isupper() or len(surface) == 1),
            key=len,
            default=surface[0],
        )
    aliases: list[str] = []
    for s in surface:
        if s != name and s not in aliases:
            aliases.append(s)
    return name, aliases


def build_entity(text: str, group: list[Mention], number: int) -> ExtractedEntity:
    kind = group[0].type
    name, aliases = _canonical(group)
    entity = ExtractedEntity(id=f"{PREFIX[kind]}{number}", type=kind, name=name, aliases=aliases)
    entity.rules = sorted({m.rule or "other" for m in group})
    seen: set[tuple[int, int]] = set()
    for mention in group:
        mention.entity = entity.id
        if (mention.start, mention.end) in seen:
            continue
        seen.add((mention.start, mention.end))
        s, e = mention.sentence
        entity.mentions.append(
            Span(
                start=mention.start,
                end=mention.end,
                text=text[mention.start : mention.end],
                sentence=text[s:e],
            )
        )
    entity.attributes.update(_attributes(kind, name, group))
    return entity


def _attributes(kind: str, name: str, group: list[Mention]) -> dict[str, object]:
    lex = lexicon()
    attrs: dict[str, object] = {}
    if kind == "person":
        honorifics = []
        for m in group:
            hon = m.attributes.get("honorific")
            if hon and hon not in honorifics:
                honorifics.append(hon)
        if honorifics:
            attrs["honorifics"] = honorifics
        return attrs
    head = next((m.attributes["head"] for m in group if "head" in m.attributes), None)
    if kind == "organization":
        if head:
            org_kind = lex.organization_heads.get(head)
            words = fold(name).split()
            if org_kind == "centre" and any(w in lex.research_modifiers for w in words):
                org_kind = "research_institute"
            if org_kind:
                attrs["kind"] = org_kind
        country = _country_in_name(name)
        if country:
            attrs["country"] = country
    elif kind == "event" and head:
        attrs["kind"] = lex.event_heads.get(head, "other")
    return attrs


def _country_in_name(name: str) -> str | None:
    lex = lexicon()
    words = re.findall(r"[A-Z][\w-]*", name)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            part = " ".join(words[i : i + size])
            code = country_code(part) or lex.demonyms.get(part)
            if code:
                return code
    return None


def is_unit(mention: Mention) -> bool:
    return mention.attributes.get("head") in _UNIT_HEADS
