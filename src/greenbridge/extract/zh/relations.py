"""Relations of Chinese sentences: titles before names (`<机构><院长><人名>`), unit and parent,
the verbs of founding, cooperation, membership, organizing and taking part, developing and
deploying; each with the sentence as evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greenbridge.extract.mention import Mention
from greenbridge.extract.model import ExtractedRelation, Span
from greenbridge.extract.zh.dates import find_dates
from greenbridge.extract.zh.lexicon import zh_lexicon
from greenbridge.extract.zh.places import country_code_zh
from greenbridge.extract.zh.tagger import Token

_CLAUSE_BREAK = {"，", ",", "：", ":"}
_TITLE_JOIN = {"、", "兼", "和", "及"}
_BOTH_SIDES = ("双方", "三方", "各方", "共同")
_TITLE_PREFIXES = ("常务副", "执行副", "副", "常务", "执行", "名誉", "首任", "前")


@dataclass
class RelationBuilder:
    """Relations by (type, subject, object), the first evidence kept and every rule noted."""

    text: str
    parties: list[Mention] = field(default_factory=list)  # the two sides of the last agreement
    relations: dict[tuple[str, str, str], ExtractedRelation] = field(default_factory=dict)

    def add(
        self,
        kind: str,
        subject: Mention | str,
        obj: Mention | str,
        sentence: tuple[int, int],
        rule: str,
        **attrs: object,
    ) -> None:
        s = subject if isinstance(subject, str) else subject.entity
        o = obj if isinstance(obj, str) else obj.entity
        if not s or not o or s == o:
            return
        key = (kind, s, o)
        if kind == "cooperates_with" and (kind, o, s) in self.relations:
            key = (kind, o, s)
        if key in self.relations:
            self.relations[key].rules.append(rule)
            return
        a, b = sentence
        span = Span(a, b, self.text[a:b], self.text[a:b])
        values = {k: v for k, v in attrs.items() if v not in (None, "")}
        self.relations[key] = ExtractedRelation(kind, key[1], key[2], values, [span], rules=[rule])


def is_title(word: str) -> bool:
    titles = zh_lexicon().titles
    return word in titles or any(
        word.startswith(p) and word[len(p) :] in titles for p in _TITLE_PREFIXES
    )


def positions(
    builder: RelationBuilder,
    tokens: list[Token],
    mentions: list[Mention],
    sentence: tuple[int, int],
) -> None:
    """`<org><title><person>` and `<person>（<org><title>）`."""
    orgs = [m for m in mentions if m.type == "organization"]
    index = {t.start: i for i, t in enumerate(tokens)}
    for person in (m for m in mentions if m.type == "person"):
        i = index.get(person.start)
        if i is None:
            continue
        titles, j = [], i - 1
        while j >= 0 and (is_title(tokens[j].text) or tokens[j].text in _TITLE_JOIN):
            if is_title(tokens[j].text):
                titles.append(tokens[j])
            j -= 1
        if titles:
            org = _org_before(tokens, index, orgs, titles[-1])
            if org is not None:
                builder.add("position", person, org, sentence, "zh_title", title=titles[0].text)
                continue
        _title_after(builder, tokens, person, orgs, sentence)


def _org_before(
    tokens: list[Token], index: dict[int, int], orgs: list[Mention], title: Token
) -> Mention | None:
    """The organization that ends right before the title, or one or two words before it
    (`<机构>执行主任`, `<机构>非方主任`, `<机构>原常务副校长`)."""
    k = index.get(title.start)
    if k is None:
        return None
    for skip in range(3):
        if k - skip < 0:
            return None
        at = tokens[k - skip].start
        org = next((o for o in orgs if o.end == at), None)
        if org is not None:
            return org
        if skip < 2 and k - skip - 1 >= 0 and tokens[k - skip - 1].tag in {"w", "v", "p", "c", "u"}:
            return None
    return None


def _title_after(
    builder: RelationBuilder,
    tokens: list[Token],
    person: Mention,
    orgs: list[Mention],
    sentence: tuple[int, int],
) -> None:
    org = next((o for o in orgs if 0 < o.start - person.end <= 1), None)
    if org is None:
        return
    title = next((t for t in tokens if t.start == org.end and is_title(t.text)), None)
    if title is not None:
        builder.add("position", person, org, sentence, "zh_title_after", title=title.text)


def clauses(tokens: list[Token]) -> list[list[Token]]:
    found: list[list[Token]] = [[]]
    for tok in tokens:
        if tok.text in _CLAUSE_BREAK:
            found.append([])
        else:
            found[-1].append(tok)
    return [c for c in found if c]


def _inside(mentions: list[Mention], clause: list[Token]) -> list[Mention]:
    if not clause:
        return []
    a, b = clause[0].start, clause[-1].end
    return [m for m in mentions if a <= m.start and m.end <= b]


def event_relations(
    builder: RelationBuilder,
    tokens: list[Token],
    mentions: list[Mention],
    sentence: tuple[int, int],
    current: Mention | None,
) -> None:
    """Organizers (`由A主办`, `A举办`) and participants (`A出席`, `A致辞`, `A主持`) of the event
    the sentence names, else of the event the text spoke of last."""
    lex = zh_lexicon()
    events = [m for m in mentions if m.type == "event"] or ([current] if current else [])
    if not events:
        return
    for clause in clauses(tokens):
        inside = _inside(mentions, clause)
        for k, tok in enumerate(clause):
            before = [m for m in inside if m.end <= tok.start]
            event = next((e for e in events if e.start >= tok.end), events[0])
            if tok.text in lex.organized_roles:
                role = lex.organized_roles[tok.text]
                if role == "organizer" and k and clause[k - 1].text in {"联合", "共同"}:
                    role = "co_organizer"
                for org in (m for m in before if m.type == "organization"):
                    builder.add("organized", org, event, sentence, "zh_organized", role=role)
            elif tok.text in lex.participated_roles or tok.text.startswith("主旨"):
                role = lex.participated_roles.get(tok.text, "keynote")
                people = [m for m in before if m.type == "person"]
                for party in people or [m for m in before if m.type == "organization"]:
                    builder.add(
                        "participated", party, event, sentence, "zh_participated", role=role
                    )


def visit_relations(builder: RelationBuilder, visits: list[Mention], names: list[Mention]) -> None:
    """The visitor took part; the body visited hosted (`访问`), both sides met (`会见`)."""
    for visit in visits:
        subject, obj_name = visit.attributes["parties"]
        obj = next((n for n in names if n.name == obj_name and n.entity), None)
        if subject is not None:
            builder.add("participated", subject, visit, visit.sentence, "zh_visit", role="attendee")
        obj = obj or next((n for n in names if n.entity and obj_name.startswith(n.name)), None)
        if obj is None:
            continue
        if visit.attributes.get("kind") == "visit" and obj.type == "organization":
            builder.add("organized", obj, visit, visit.sentence, "zh_visit", role="host")
        else:
            builder.add("participated", obj, visit, visit.sentence, "zh_visit", role="attendee")


def verb_relations(
    builder: RelationBuilder,
    text: str,
    tokens: list[Token],
    mentions: list[Mention],
    sentence: tuple[int, int],
    year: int | None,
) -> None:
    """Founding, cooperation, membership, development and deployment verbs of a sentence."""
    verbs = zh_lexicon().relation_verbs
    orgs = [m for m in mentions if m.type == "organization"]
    for tok in tokens:
        if tok.text in verbs["founded"]:
            _founded(builder, text, tok, mentions, sentence, year)
        elif tok.text in verbs["member_of"]:
            _member(builder, tok, orgs, sentence)
        elif tok.text in verbs["developed"]:
            for tech in (m for m in mentions if m.type == "technology" and m.start > tok.start):
                for org in (o for o in orgs if o.end <= tok.start):
                    builder.add("developed", org, tech, sentence, "zh_developed")
        elif tok.text in verbs["deployed"]:
            codes = [country_code_zh(t.text) for t in tokens if t.tag == "LOC"]
            for tech in (m for m in mentions if m.type == "technology"):
                for code in filter(None, codes):
                    builder.add("deployed", tech, code, sentence, "zh_deployed")
    if any(t.text in verbs["cooperates_with"] for t in tokens):
        _cooperation(builder, tokens, mentions, sentence)


def _founded(
    builder: RelationBuilder,
    text: str,
    verb: Token,
    mentions: list[Mention],
    sentence: tuple[int, int],
    year: int | None,
) -> None:
    made = [m for m in mentions if m.type in {"organization", "initiative"}]
    after = [m for m in made if 0 <= m.start - verb.end <= 2]
    before = [m for m in made if 0 <= verb.start - m.end <= 4]
    if not after and not before:
        return
    target = (after or before)[0]
    founders = [
        m
        for m in mentions
        if m.type == "organization"
        and m is not target
        and m.end <= verb.start
        and m is not target.parent
    ]
    a, b = sentence
    if not founders and any(w in text[a:b] for w in _BOTH_SIDES):
        founders = [p for p in builder.parties if p is not target]
    dates = find_dates(text[a:b], year)
    found_year = int(dates[0][2][:4]) if dates else None
    for founder in founders:
        builder.add("founded", founder, target, sentence, "zh_founded", year=found_year)
    if target.parent is not None and not founders:
        builder.add("founded", target.parent, target, sentence, "zh_founded", year=found_year)


def _member(
    builder: RelationBuilder, verb: Token, orgs: list[Mention], sentence: tuple[int, int]
) -> None:
    subject = next((o for o in reversed(orgs) if o.end <= verb.start), None)
    group = next((o for o in orgs if o.start >= verb.end), None)
    if subject is not None and group is not None:
        builder.add("member_of", subject, group, sentence, "zh_member", role="member")


def _cooperation(
    builder: RelationBuilder,
    tokens: list[Token],
    mentions: list[Mention],
    sentence: tuple[int, int],
) -> None:
    """Every two organizations of the clause with the cooperation verb; one organization and
    a country joined to it by `与`/`同` when the clause names no second organization."""
    verbs = zh_lexicon().relation_verbs["cooperates_with"]
    agreement = next((m for m in mentions if m.type == "initiative"), None)
    what = agreement.name if agreement is not None else None
    for clause in clauses(tokens):
        if not any(t.text in verbs for t in clause):
            continue
        parties = [m for m in _inside(mentions, clause) if m.type == "organization"]
        parties = [p for p in parties if not any(q.parent is p for q in parties)]
        if len(parties) >= 2:
            builder.parties = parties
        for i, first in enumerate(parties):
            for second in parties[i + 1 :]:
                builder.add("cooperates_with", first, second, sentence, "zh_cooperation", what=what)
        if len(parties) == 1:
            for k, tok in enumerate(clause[1:], start=1):
                code = country_code_zh(tok.text) if tok.tag == "LOC" else None
                if code and clause[k - 1].text in {"与", "同", "和"}:
                    builder.add(
                        "cooperates_with", parties[0], code, sentence, "zh_cooperation", what=what
                    )


def part_of(builder: RelationBuilder, mentions: list[Mention]) -> None:
    for mention in mentions:
        if mention.parent is not None and mention.type == "organization":
            builder.add("part_of", mention, mention.parent, mention.sentence, "zh_unit")


def main_event_participants(
    builder: RelationBuilder, mentions: list[Mention], main: Mention | None
) -> None:
    """A news item reports one gathering: each person it names who takes part in no other
    event attended the first one it names, and so did the organization each holds a post at."""
    if main is None:
        return
    taken = {r.subject for r in builder.relations.values() if r.type == "participated"}
    people = {m.entity: m for m in mentions if m.type == "person" and m.entity not in taken}
    posts = {r.subject: r.object for r in list(builder.relations.values()) if r.type == "position"}
    for entity, person in people.items():
        builder.add("participated", person, main, person.sentence, "zh_main_event", role="attendee")
        if entity in posts:
            builder.add(
                "participated",
                posts[entity],
                main,
                person.sentence,
                "zh_main_event",
                role="attendee",
            )


def joint_founders(builder: RelationBuilder, mentions: list[Mention]) -> None:
    """`<A>-<B>…联合实验室`: an initiative named after two organizations was set up by both."""
    orgs = {m.name: m for m in mentions if m.type == "organization"}
    for initiative in (m for m in mentions if m.type == "initiative"):
        parts = re.split(r"[-—–－]", initiative.name)
        if len(parts) < 2:
            continue
        founders = [orgs[p] for p in parts[:-1] if p in orgs]
        founders += [o for n, o in orgs.items() if parts[-1].startswith(n) and len(n) >= 3][:1]
        for founder in founders:
            builder.add("founded", founder, initiative, initiative.sentence, "zh_joint_name")


_VISITING = ("访问", "拜访", "走访", "参观", "考察", "调研", "来访")


def visit_hosts(
    builder: RelationBuilder,
    tokens: dict[tuple[int, int], list[Token]],
    mentions: list[Mention],
    main: Mention | None,
) -> None:
    """A report of a visit: each organization named after a visiting verb (`访问了X`, `参观X`)
    hosted the visit."""
    if main is None or main.rule != "visit" or main.attributes.get("kind") != "visit":
        return
    for (a, b), toks in tokens.items():
        for clause in clauses(toks):
            verbs = [t for t in clause if t.text in _VISITING]
            if not verbs:
                continue
            inside = [m for m in _inside(mentions, clause) if m.type == "organization"]
            for org in (m for m in inside if m.start >= verbs[0].end):
                builder.add("organized", org, main, (a, b), "zh_visit_host", role="host")
