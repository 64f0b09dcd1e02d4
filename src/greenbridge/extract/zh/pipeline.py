"""`extract_chinese`: one Chinese document's text -> the entities, countries and relations of
the extraction contract, each with its evidence sentence."""

from __future__ import annotations

import bisect
import logging

from greenbridge.extract.mention import Mention
from greenbridge.extract.model import ExtractedRelation, Extraction
from greenbridge.extract.zh import relations as rel
from greenbridge.extract.zh.dates import find_published_zh, year_of
from greenbridge.extract.zh.entities import (
    abbreviations,
    attach_aliases,
    build_entities,
    group_mentions,
    more_occurrences,
    order_groups,
    resolve_overlaps,
    shortened_events,
    split_parents,
    strip_country,
)
from greenbridge.extract.zh.events import set_event_details, visit_events
from greenbridge.extract.zh.lexicon import zh_lexicon
from greenbridge.extract.zh.names import (
    head_runs,
    quoted_names,
    tagger_organizations,
    tagger_people,
)
from greenbridge.extract.zh.places import city_country_zh, country_code_zh
from greenbridge.extract.zh.script import as_written, reading_text
from greenbridge.extract.zh.sentences import split_sentences
from greenbridge.extract.zh.tagger import DEFAULT_TAGGER, Token, get_tagger
from greenbridge.extract.zh.tokens import repaired

logger = logging.getLogger(__name__)
# Recorded with every piece of evidence, as the English EXTRACTOR_VERSION; raised when the
# same Chinese text yields different output.
ZH_EXTRACTOR_VERSION = "zh-1"


def extract_chinese(
    text: str,
    *,
    document: str = "",
    published: str | None = None,
    tagger: str = DEFAULT_TAGGER,
) -> Extraction:
    """Entities, countries and relations of one Chinese document's (cleaned) text, read in
    simplified characters, names given as the text writes them."""
    read = reading_text(text)
    extraction = _extract(read, document=document, published=published, tagger=tagger)
    return as_written(extraction, text, read)


def _extract(text: str, *, document: str, published: str | None, tagger: str) -> Extraction:
    published = published or find_published_zh(text)
    year = year_of(published)
    engine = get_tagger(tagger)
    sentences = split_sentences(text)
    tokens = {s: repaired(engine.tag(text[s[0] : s[1]], s[0])) for s in sentences}
    names = _candidates(text, tokens)
    names = resolve_overlaps([n for n in names if _keep(text, n)])
    attach_aliases(text, names)
    names += split_parents(names)
    strip_country(names)
    repeats = more_occurrences(text, names)
    for mention in repeats:
        mention.sentence = _sentence_at(sentences, mention.start)
    names += repeats
    abbreviations(names)
    shortened_events(names)
    visits = visit_events(text, tokens, names, year)
    groups = order_groups(group_mentions(names + visits))
    entities = build_entities(text, groups)
    set_event_details(text, entities, groups, tokens, year)
    mentions = [m for g in groups for m in g]
    relations = _relations(text, tokens, mentions, visits, year)
    return Extraction(
        document=document,
        published=published,
        countries=_countries(tokens, names),
        entities=entities,
        relations=relations,
        extractor=f"greenbridge.zh.{engine.name}",
        version=ZH_EXTRACTOR_VERSION,
    )


def _candidates(text: str, tokens: dict[tuple[int, int], list[Token]]) -> list[Mention]:
    names = []
    for sentence, toks in tokens.items():
        names.extend(tagger_organizations(toks, sentence))
        names.extend(tagger_people(toks, sentence))
        names.extend(head_runs(toks, sentence))
        names.extend(quoted_names(text, toks, sentence))
    return names


def _keep(text: str, mention: Mention) -> bool:
    """A technology only where the sentence says it was developed or deployed."""
    if mention.type != "technology":
        return True
    verbs = zh_lexicon().relation_verbs
    a, b = mention.sentence
    return any(v in text[a:b] for v in verbs["developed"] | verbs["deployed"])


def _relations(
    text: str,
    tokens: dict[tuple[int, int], list[Token]],
    mentions: list[Mention],
    visits: list[Mention],
    year: int | None,
) -> list[ExtractedRelation]:
    builder = rel.RelationBuilder(text)
    rel.part_of(builder, mentions)
    current: Mention | None = None
    for sentence, toks in tokens.items():
        inside = [m for m in _in(mentions, sentence) if m.rule != "visit"]
        rel.positions(builder, toks, inside, sentence)
        rel.event_relations(builder, toks, inside, sentence, current)
        rel.verb_relations(builder, text, toks, inside, sentence, year)
        events = [m for m in inside if m.type == "event"]
        current = events[-1] if events else current
    rel.visit_relations(builder, visits, mentions)
    rel.joint_founders(builder, mentions)
    main = _main_event(mentions)
    rel.main_event_participants(builder, mentions, main)
    rel.visit_hosts(builder, tokens, mentions, main)
    return list(builder.relations.values())


def _main_event(mentions: list[Mention]) -> Mention | None:
    events = sorted((m for m in mentions if m.type == "event"), key=lambda m: m.start)
    return events[0] if events else None


def _in(mentions: list[Mention], sentence: tuple[int, int]) -> list[Mention]:
    a, b = sentence
    return sorted((m for m in mentions if a <= m.start and m.end <= b), key=lambda m: m.start)


def _sentence_at(sentences: list[tuple[int, int]], start: int) -> tuple[int, int]:
    index = bisect.bisect_right(sentences, (start, 10**12)) - 1
    if 0 <= index < len(sentences) and sentences[index][0] <= start < sentences[index][1]:
        return sentences[index]
    return (start, start)


def _countries(tokens: dict[tuple[int, int], list[Token]], names: list[Mention]) -> list[str]:
    """Countries the text names as places (not inside a name), then the countries of cities."""
    found: dict[str, int] = {}
    for toks in tokens.values():
        for tok in toks:
            if tok.tag != "LOC" or any(n.start <= tok.start < n.end for n in names):
                continue
            code = country_code_zh(tok.text) or city_country_zh(tok.text)
            if code:
                found.setdefault(code, tok.start)
    return [code for code, _ in sorted(found.items(), key=lambda kv: kv[1])]
