"""Relations by pattern rules within a sentence and across an article: position, part_of,
founded, organized, participated."""

from __future__ import annotations

import re
from collections.abc import Callable

from greenbridge.extract.affiliations import affiliations
from greenbridge.extract.appositions import title_slots
from greenbridge.extract.cooperation import cooperations
from greenbridge.extract.devices import device_relations
from greenbridge.extract.entities import is_unit
from greenbridge.extract.lexicon import lexicon
from greenbridge.extract.membership import memberships, unit_of
from greenbridge.extract.mention import Mention
from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Span

_BY = re.compile(
    r"\b(co-organi[sz]ed|organi[sz]ed|co-hosted|hosted|supported|sponsored)\s+by\s+", re.I
)
_ROLE = {
    "co-organized": "co_organizer",
    "co-organised": "co_organizer",
    "organized": "organizer",
    "organised": "organizer",
    "co-hosted": "host",
    "hosted": "host",
    "supported": "supporter",
    "sponsored": "sponsor",
}
_FOUNDED = re.compile(r"\b(launch\w*|found\w*|establish\w*|set up|creat\w*)\b", re.I)
_SPEECH = re.compile(
    r"\b(said|says|speech|spoke|talk|presented|introduced|emphasi[sz]ed|stressed|delivered|"
    r"address|chaired|presided|keynote|shared|agreed|believes|expressed|congratulated|"
    r"attended|reported|unveiled|thanked|noted|pointed out|gave|explains?|explained|remarks|"
    r"speakers?|spoke|called on|hoped|highlighted|underlined|welcomed)\b",
    re.I,
)
WINDOW = 400  # characters after a person within which a new event must not begin


class _Builder:
    """Relations by (type, subject, object), each with every piece of evidence found."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.relations: dict[tuple[str, str, str], ExtractedRelation] = {}
        self.rule = ""  # the rule now adding relations, recorded on each

    def add(
        self, kind: str, subject: Mention, obj: Mention, evidence: tuple[int, int], **attrs: object
    ) -> None:
        if not subject.entity or not obj.entity or subject.entity == obj.entity:
            return
        self._add(kind, subject.entity, obj.entity, evidence, attrs)

    def add_country(
        self, kind: str, subject: Mention, code: str, evidence: tuple[int, int], **attrs: object
    ) -> None:
        """A relation whose object is an ISO alpha-2 country code."""
        if subject.entity:
            self._add(kind, subject.entity, code, evidence, attrs)

    def _add(
        self, kind: str, subject: str, obj: str, evidence: tuple[int, int], attrs: dict[str, object]
    ) -> None:
        key = (kind, subject, obj)
        s, e = evidence
        span = Span(start=s, end=e, text=self.text[s:e], sentence=self.text[s:e])
        if key in self.relations:
            self.relations[key].evidence.append(span)
            if self.rule not in self.relations[key].rules:
                self.relations[key].rules.append(self.rule)
            return
        attributes = {k: v for k, v in attrs.items() if v not in (None, "")}
        relation = ExtractedRelation(kind, subject, obj, attributes, [span], rules=[self.rule])
        self.relations[key] = relation


def find_relations(
    text: str,
    mentions: list[Mention],
    entities: list[ExtractedEntity],
    *,
    articles: list[tuple[int, int]] | None,
    year: int | None,
) -> list[ExtractedRelation]:
    builder = _Builder(text)
    mentions = sorted(
        (m for m in mentions if "nested_in" not in m.attributes or m.parent is not None),
        key=lambda m: m.start,
    )
    orgs = [m for m in mentions if m.type == "organization" and m.entity]
    ranges = articles or [(0, len(text))]
    targets = [m for m in mentions if m.type in {"organization", "initiative"} and m.entity]
    rules: list[tuple[str, Callable[[], None]]] = [
        ("positions", lambda: _positions(text, mentions, orgs, builder)),
        ("part_of", lambda: _part_of(text, orgs, builder)),
        ("organized", lambda: _organized(text, mentions, builder, ranges)),
        ("founded", lambda: _founded(text, mentions, builder, year)),
        ("participated", lambda: _participated(text, mentions, builder, ranges)),
        ("affiliations", lambda: affiliations(text, mentions, entities, builder)),
        ("devices", lambda: device_relations(text, mentions, builder)),
        ("memberships", lambda: memberships(text, orgs, builder)),
        ("unit_of", lambda: unit_of(text, orgs, builder)),
        ("cooperations", lambda: cooperations(text, orgs, targets, builder)),
    ]
    for name, run in rules:
        builder.rule = name
        run()
    return list(builder.relations.values())


def _title_of(raw: str) -> str:
    title = re.split(r"\s+(?:of|at|from|for)\s+|,|\s+to\s+the\b", raw)[0]
    words = title.split()
    if words and words[0].lower() in {"former"}:
        words = words[1:]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _next_org(orgs: list[Mention], start: int, limit: int) -> Mention | None:
    return next((o for o in orgs if start <= o.start <= start + limit), None)


def _positions(text: str, mentions: list[Mention], orgs: list[Mention], builder: _Builder) -> None:
    lex = lexicon()
    for person in (m for m in mentions if m.type == "person" and m.entity):
        title = person.attributes.get("title")
        if title:
            by_start = {o.start: o for o in orgs}
            slots = [(by_start[at], t) for at, t in title_slots(text, person) if at in by_start]
            for org, slot_title in slots:
                builder.add("position", person, org, person.sentence, title=slot_title)
            nearest = _next_org(orgs, person.end, len(str(title)) + 40)
            if not slots and nearest is not None and nearest.start < person.sentence[1]:
                builder.add(
                    "position", person, nearest, person.sentence, title=_title_of(str(title))
                )
            continue
        after = text[person.end : person.end + 12]
        match = re.match(r"\s*(?:,\s*the|of|from)\s+(?:the\s+)?", after)
        if match:
            found = _next_org(orgs, person.end, match.end() + 1)
            honorific = person.attributes.get("honorific", "")
            title = "Professor" if str(honorific).startswith("Prof") else None
            if found is not None:
                builder.add("position", person, found, person.sentence, title=title)
            continue
        before = text[max(0, person.start - 60) : person.start]
        words = before.split()
        if words and words[-1].lower() in lex.title_heads:
            prior = next(
                (o for o in reversed(orgs) if person.start - 60 <= o.end <= person.start), None
            )
            title = text[prior.end : person.start].strip() if prior is not None else ""
            if (
                prior is not None
                and re.fullmatch(r"[A-Za-z -]{2,40}", title)
                and len(title.split()) <= 4
            ):
                builder.add("position", person, prior, person.sentence, title=_title_of(title))


def _part_of(text: str, orgs: list[Mention], builder: _Builder) -> None:
    for org in orgs:
        if org.parent is not None and org.parent.entity:
            builder.add("part_of", org, org.parent, org.sentence)
        acronym_of = org.attributes.get("acronym_of")
        unit = acronym_of if isinstance(acronym_of, Mention) else org
        if not is_unit(unit):
            continue
        nxt = next((o for o in orgs if o.start > org.end), None)
        if nxt is None:
            continue
        between = text[org.end : nxt.start]
        between = re.sub(r"^\s*\([^)]{1,16}\)", "", between)
        if re.fullmatch(r"\s*,\s*(?:the\s+)?", between) and not _list_follows(text, nxt):
            builder.add("part_of", org, nxt, org.sentence)


def _list_follows(text: str, org: Mention) -> bool:
    return re.match(r"\s*(?:,|and\b)\s*(?:the\s+)?[A-Z]", text[org.end : org.end + 8]) is not None


def _organized(
    text: str, mentions: list[Mention], builder: _Builder, articles: list[tuple[int, int]]
) -> None:
    """`co-organized by A and B, supported by C`; `A held the X Forum` (one article)."""
    events = [m for m in mentions if m.type == "event" and m.entity]
    orgs = [m for m in mentions if m.type == "organization" and m.entity]

    def _same_article(a: Mention, b: Mention) -> bool:
        return any(x <= a.start < y and x <= b.start < y for x, y in articles)

    for org in orgs:
        s, e = org.sentence
        before = text[max(s, org.start - 150) : org.start]
        matches = list(_BY.finditer(before))
        if matches and not re.search(r"[.;:]", before[matches[-1].end() :]):
            by_at = org.start - len(before) + matches[-1].start()
            earlier = [
                v for v in events if org.start - 1500 < v.start < by_at and _same_article(v, org)
            ]
            subject_org = any(
                s <= o.start and o.end <= by_at and not re.search(r"\bby\b", text[s : o.start])
                for o in orgs
            )
            if earlier and not subject_org:
                role = _ROLE.get(matches[-1].group(1).lower())
                builder.add("organized", org, earlier[-1], org.sentence, role=role)
            continue
        held = re.match(
            r"\s*(?:\([^)]{1,16}\)\s*)?(?:held|holds|hosted|organi[sz]ed)\b", text[org.end : e]
        )
        if held:
            for event in (v for v in events if org.end < v.start < org.end + 80 and v.start < e):
                builder.add("organized", org, event, org.sentence, role="organizer")


def _founded(text: str, mentions: list[Mention], builder: _Builder, year: int | None) -> None:
    for org in (m for m in mentions if m.type == "organization" and m.entity):
        s, _e = org.sentence
        before = text[s : org.start]
        if not re.search(r"\bby\s+(?:the\s+)?$", before) or not _FOUNDED.search(before):
            continue
        target = next(
            (
                m
                for m in reversed(mentions)
                if m.type in {"organization", "initiative"}
                and m.entity
                and s <= m.start < org.start
            ),
            None,
        )
        if target is not None:
            found_year = re.search(r"\b((?:19|20)\d\d)\b", text[s : org.start])
            builder.add(
                "founded",
                org,
                target,
                org.sentence,
                year=int(found_year.group(1)) if found_year else None,
            )


def _participated(
    text: str, mentions: list[Mention], builder: _Builder, articles: list[tuple[int, int]]
) -> None:
    """Speakers, chairs and attendees of the event an article reports: the first event it
    names, then any event it reports as held; `the forum` switches back to the forum."""
    for a_start, a_end in articles:
        inside = [m for m in mentions if a_start <= m.start < a_end]
        reported: list[Mention] = []
        current: Mention | None = None
        for mention in inside:
            if mention.type == "event" and mention.entity:
                if not reported or _reported(text, mention):
                    reported.append(mention)
                    current = mention
            elif mention.type == "event_ref":
                kind = _event_kind(mention)
                same = [v for v in reported if _event_kind(v) == kind]
                current = same[-1] if same else current
            elif mention.type == "person" and mention.entity and current is not None:
                if text[max(0, mention.start - 12) : mention.start].strip().endswith("behalf of"):
                    continue
                refs = [
                    r for r in inside if r.type == "event_ref" and r.sentence == mention.sentence
                ]
                for ref in refs:
                    same = [v for v in reported if _event_kind(v) == _event_kind(ref)]
                    current = same[-1] if same else current
                role = _speaker_role(text, mention)
                if role:
                    builder.add("participated", mention, current, mention.sentence, role=role)


_HELD = re.compile(
    r"\b(?:held|holds|opened|took place|kicked off|"
    r"(?:was|were) (?:co-)?(?:organi[sz]ed|hosted|convened|launched))\b",
    re.I,
)


def _reported(text: str, event: Mention) -> bool:
    s, e = event.sentence
    sentence = text[s:e]
    return _HELD.search(sentence) is not None and not re.search(
        r"\b(?:to be|will be) held\b", sentence
    )


_MEETINGS = {"meeting", "conference", "session", "seminar", "workshop", "congress"}


def _event_kind(event: Mention) -> str | None:
    head = str(event.attributes.get("head", event.name.split()[-1].lower()))
    return "meeting" if head in _MEETINGS else head


def _speaker_role(text: str, person: Mention) -> str | None:
    s, e = person.sentence
    match = _SPEECH.search(text[s:e])
    if match:
        return _role(match.group(1))
    if ":" in text[person.end : e]:
        return "speaker"
    return None


def _role(verb: str) -> str:
    verb = verb.lower()
    if verb == "chaired":
        return "chair"
    if verb == "presided":
        return "presider"
    if verb == "keynote":
        return "keynote"
    if verb == "attended":
        return "attendee"
    return "speaker"
