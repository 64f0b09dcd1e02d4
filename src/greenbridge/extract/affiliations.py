"""Relations between organizations stated by a phrase: members listed (`founding members
include A, B`), units named after their parent (`Bureau of ABC`, `ABC Bureau`),
documents an organization issues, and agreements with another organization."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from greenbridge.extract.mention import Mention, fold
from greenbridge.extract.model import ExtractedEntity

if TYPE_CHECKING:
    from greenbridge.extract.relations import _Builder

_MEMBERS = re.compile(
    r"\b(founding members?|members?|member units)(?:\s+of\s+(?:the\s+)?[\w -]{1,60}?)?"
    r"\s+(?:include|including|are)\b",
    re.I,
)
_ISSUED = re.compile(r"\b(issued|released|launched|unveiled|adopted|published)\b")
_AGREEMENT = re.compile(
    r"\b(?:cooperation|partnership|agreement|memorandum|MoU|collaboration|project)\b"
    r"[^.;]{0,80}?\bwith\s+(?:the\s+)?$"
)
_UNIT_WORDS = {"secretariat", "office", "committee", "department", "council", "branch", "bureau"}


def affiliations(
    text: str, mentions: list[Mention], entities: list[ExtractedEntity], builder: _Builder
) -> None:
    orgs = [m for m in mentions if m.type == "organization" and m.entity]
    _members(text, orgs, builder)
    _named_units(orgs, entities, builder)
    _issued(text, mentions, builder)
    _agreements(text, orgs, builder)
    _developed(text, mentions, builder)
    _deployed(text, mentions, builder)


def _main_alliance(orgs: list[Mention]) -> Mention | None:
    """The alliance or association the document talks about most."""
    counts = Counter(
        m.entity
        for m in orgs
        if m.attributes.get("head") in {"alliance", "organization", "association"}
    )
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    return next(m for m in orgs if m.entity == top)


def _members(text: str, orgs: list[Mention], builder: _Builder) -> None:
    for match in _MEMBERS.finditer(text):
        end = text.find(".", match.end())
        end = len(text) if end < 0 else end
        listed = [o for o in orgs if match.end() <= o.start < end]
        before = [o for o in orgs if match.start() - 120 < o.end <= match.start()]
        target = before[-1] if before and "of" in text[before[-1].end : match.start()] else None
        target = target or _main_alliance(orgs)
        if target is None:
            continue
        role = "founding_member" if "found" in match.group(1).lower() else "member"
        for org in listed:
            if org.entity != target.entity:
                builder.add("member_of", org, target, org.sentence, role=role)


def _named_units(orgs: list[Mention], entities: list[ExtractedEntity], builder: _Builder) -> None:
    """`Bureau of ABC`, `ABC Bureau`: a unit named after its parent."""
    names = {}
    for entity in entities:
        if entity.type == "organization":
            for name in [entity.name, *entity.aliases]:
                names[fold(name)] = entity.id
    by_id = {o.entity: o for o in orgs}
    for org in orgs:
        words = org.name.split()
        if len(words) < 2 or words[-1].lower() not in _UNIT_WORDS | {w.lower() for w in words[:1]}:
            parent = None
        else:
            parent = names.get(fold(" ".join(words[:-1])))
        match = re.search(r"\bof\s+(?:the\s+)?([A-Z][A-Za-z-]+)$", org.name)
        if parent is None and match and words[0].lower() in _UNIT_WORDS:
            parent = names.get(fold(match.group(1)))
        if parent and parent != org.entity and parent in by_id:
            builder.add("part_of", org, by_id[parent], org.sentence)


def _issued(text: str, mentions: list[Mention], builder: _Builder) -> None:
    """`The ministry issued the X Plan`: the organization founded the initiative."""
    for org in (m for m in mentions if m.type == "organization" and m.entity):
        e = org.sentence[1]
        window = text[org.end : min(e, org.end + 60)]
        verb = _ISSUED.search(window)
        if verb is None:
            continue
        target = next(
            (
                m
                for m in mentions
                if m.type == "initiative" and m.entity and org.end + verb.end() <= m.start < e
            ),
            None,
        )
        if target is not None and target.start - (org.end + verb.end()) < 40:
            builder.add("founded", org, target, org.sentence)


def _agreements(text: str, orgs: list[Mention], builder: _Builder) -> None:
    """`A renewed its cooperation agreement with B`: A cooperates with B."""
    for org in orgs:
        s, _e = org.sentence
        before = text[max(s, org.start - 120) : org.start]
        match = _AGREEMENT.search(before)
        if match is None:
            continue
        at = org.start - len(before) + match.start()
        subject = _agent(text, [o for o in orgs if s <= o.start and o.end <= at], at)
        if subject is None:
            previous = [o for o in orgs if o.sentence[1] <= s and s - o.sentence[1] < 5]
            subject = next((o for o in previous if o.sentence == previous[-1].sentence), None)
        if subject is not None:
            what = " ".join(text[at : org.end].split())
            builder.add("cooperates_with", subject, org, org.sentence, what=what[:120])


def _agent(text: str, earlier: list[Mention], at: int) -> Mention | None:
    """The organization acting: the one after `by` just before, the one `which` refers to,
    else the sentence's first."""
    for org in reversed(earlier):
        by = re.search(r"\bby\s+(?:the\s+)?$", text[max(0, org.start - 12) : org.start])
        if by and re.fullmatch(r"\s*(?:\([^)]{1,16}\))?\s*(?:in\s+)?", text[org.end : at]):
            return org
    if earlier and re.match(r"\s*(?:\([^)]{1,16}\))?\s*,\s*which\b", text[earlier[-1].end : at]):
        return earlier[-1]  # `B, which also signed an agreement with C`
    return earlier[0] if earlier else None


_DEVELOPED_BY = re.compile(
    r"^\s*(?:,\s*)?(?:which\s+(?:was|were)\s+|(?:was|were)\s+)?developed\s+by\s+(?:the\s+)?$"
)
_DEPLOYED_IN = re.compile(
    r"\b(?:applied|deployed|used|introduced|installed|adopted|built)\s+(?:successfully\s+)?in\b"
)


def _developed(text: str, mentions: list[Mention], builder: _Builder) -> None:
    """`T developed by O`; `O ... developing ... including T1, T2`."""
    techs = [m for m in mentions if m.type == "technology" and m.entity]
    orgs = [m for m in mentions if m.type == "organization" and m.entity]
    for tech in techs:
        org = next((o for o in orgs if tech.end < o.start <= tech.end + 40), None)
        if org is not None and _DEVELOPED_BY.match(text[tech.end : org.start]):
            builder.add("developed", org, tech, tech.sentence)
            continue
        s, _e = tech.sentence
        verb = re.search(r"\bdevelop(?:ed|ing|s)?\b", text[s : tech.start])
        subject = next((o for o in orgs if s <= o.start < s + (verb.start() if verb else 0)), None)
        if verb and subject is not None:
            builder.add("developed", subject, tech, tech.sentence)


def _deployed(text: str, mentions: list[Mention], builder: _Builder) -> None:
    """`T has been deployed in Kenya and Ethiopia`: one relation per country named."""
    from greenbridge.extract.places import country_code

    for tech in (m for m in mentions if m.type == "technology" and m.entity):
        _s, e = tech.sentence
        clause = text[tech.end : e]
        match = _DEPLOYED_IN.search(clause[:80])
        if match is None:
            continue
        rest = re.split(r"[,;.](?!\s*(?:and\s+)?[A-Z])", clause[match.end() :])[0]
        names = re.findall(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*", rest)
        outcome = " ".join(clause[match.end() + len(rest) :].split()).strip(" ,.")
        for name in names:
            code = country_code(name)
            if code:
                builder.add_country("deployed", tech, code, tech.sentence, outcome=outcome[:160])
