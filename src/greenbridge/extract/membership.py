"""Membership and unit relations stated by a verb or a preposition: `X joined Y as a member`,
`X, Y and Z had joined the network as members`, `Y admitted X as a member`,
`Head of the Soil Division at NIE` (the division is part of NIE)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from greenbridge.extract.entities import is_unit
from greenbridge.extract.mention import Mention

if TYPE_CHECKING:
    from greenbridge.extract.relations import _Builder

_JOINED = re.compile(r"\b(?:joined|joins|join|joining|admitted|admits|admit)\b", re.I)
_AS_MEMBER = re.compile(
    r"^[^.;]{0,160}?\bas\s+(?:a\s+|an\s+|its\s+|new\s+)*(founding\s+)?(members?|sponsors?)\b",
    re.I,
)
_CLAUSE = re.compile(r"\b(?:that|which|announced|said)\b|[:;]")
REFERENT_WINDOW = 3000


def memberships(text: str, orgs: list[Mention], builder: _Builder) -> None:
    seen: set[tuple[int, int]] = set()
    for org in orgs:
        if org.sentence in seen:
            continue
        seen.add(org.sentence)
        s, e = org.sentence
        for verb in _JOINED.finditer(text[s:e]):
            at, after = s + verb.start(), s + verb.end()
            member = _AS_MEMBER.match(text[after:e])
            if member is None:
                continue
            role = _role(member.group(1), member.group(2))
            limit = after + member.start(1 if member.group(1) else 2)
            if verb.group(0).lower().startswith("admit"):
                joiners = [o for o in orgs if after <= o.start < limit]
                group = _subject(text, orgs, s, at)
            else:
                joiners = _subjects(text, orgs, s, at)
                group = _object(text, orgs, after, limit)
            if group is None:
                continue
            for joiner in joiners:
                if joiner.entity != group.entity:
                    builder.add("member_of", joiner, group, org.sentence, role=role)


def _role(founding: str | None, noun: str) -> str:
    if noun.lower().startswith("sponsor"):
        return "sponsor"
    return "founding_member" if founding else "member"


def _subjects(text: str, orgs: list[Mention], s: int, at: int) -> list[Mention]:
    clause = [m.end() for m in _CLAUSE.finditer(text[s:at])]
    start = s + (clause[-1] if clause else 0)
    return [o for o in orgs if start <= o.start and o.end <= at]


def _subject(text: str, orgs: list[Mention], s: int, at: int) -> Mention | None:
    named = _subjects(text, orgs, s, at)
    if named:
        return named[0]
    noun = re.search(r"\bthe\s+([a-z]+)\s+(?:\w+\s+)?$", text[s:at], re.I)
    return _referent(orgs, s, noun.group(1) if noun else "")


def _object(text: str, orgs: list[Mention], after: int, limit: int) -> Mention | None:
    named = next((o for o in orgs if after <= o.start < limit), None)
    if named is not None:
        return named
    noun = re.match(r"\s+(?:the\s+)?([a-z]+)\b", text[after:limit], re.I)
    return _referent(orgs, after, noun.group(1) if noun else "")


def _referent(orgs: list[Mention], before: int, noun: str) -> Mention | None:
    """`the network`: the last organization named before whose name has that word."""
    if not noun:
        return None
    noun = noun.lower()
    for org in reversed([o for o in orgs if before - REFERENT_WINDOW < o.start < before]):
        owner = org.attributes.get("acronym_of")
        name = owner.name if isinstance(owner, Mention) else org.name
        if noun in name.lower().split():
            return owner if isinstance(owner, Mention) and owner.entity else org
    return None


def unit_of(text: str, orgs: list[Mention], builder: _Builder) -> None:
    """`the Solar Division of NIE`, `Head of the Soil Division at NIE`."""
    for index, org in enumerate(orgs):
        if not is_unit(org) or index + 1 >= len(orgs):
            continue
        nxt = orgs[index + 1]
        between = re.sub(r"^\s*\([^)]{1,16}\)", "", text[org.end : nxt.start])
        if re.fullmatch(r"\s+(?:of|at|in)\s+(?:the\s+)?", between) and "\n" not in between:
            builder.add("part_of", org, nxt, org.sentence)
