"""Candidates for the learned extractor: the rules' entities and relations, plus what the rules
left out (the parser's named entities, unnamed gatherings, every type-compatible pair of
entities in a sentence). The models decide which candidates are facts."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from greenbridge.extract.dates import find_dates, year_of
from greenbridge.extract.mention import clean_name, fold
from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction
from greenbridge.extract.model import Span as Evidence
from greenbridge.extract.places import city_country, country_code
from greenbridge.schema import relation_types

# The parser's labels that may name an entity of the contract, and the type they suggest.
PARSER_TYPES = {
    "ORG": "organization",
    "PERSON": "person",
    "EVENT": "event",
    "FAC": "organization",
    "PRODUCT": "technology",
    "LAW": "initiative",
    "WORK_OF_ART": "initiative",
}
# Words that make a dated sentence report a gathering with no proper name, and the noun a
# descriptive name takes from them.
GATHERING_WORDS = {
    "visit": "visit",
    "visited": "visit",
    "visiting": "visit",
    "met": "meeting",
    "meeting": "meeting",
    "meetings": "meeting",
    "talks": "talks",
    "signing": "signing ceremony",
    "signed": "signing ceremony",
    "ceremony": "ceremony",
    "workshop": "workshop",
    "training": "training",
    "seminar": "seminar",
    "inauguration": "inauguration",
    "inaugurated": "inauguration",
    "dialogue": "dialogue",
    "session": "session",
    "exhibition": "exhibition",
    "launch": "launch",
    "launched": "launch",
    "tour": "tour",
    "conference": "conference",
    "forum": "forum",
    "event": "event",
}
MAX_SENTENCE_ENTITIES = 16  # pairs are formed among at most this many entities of a sentence
MAX_ARTICLE_EVENTS = 3  # an article's events pair with its people and organizations up to this
ACROSS_NEXT = "across_next_sentence"
MAX_EVIDENCE = 600  # an evidence across sentences longer than this is the subject's mention
ACROSS_ARTICLE = "across_article"


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[tuple[int, int, str, str]]  # start, end, lower form, part of speech
    # the parse: each token's head (an index into tokens; the root points to itself) and its
    # dependency label
    heads: list[int] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)


@dataclass
class RelationCandidate:
    relation: ExtractedRelation
    sentence: Sentence | None  # the sentence both ends are in, if any
    subject_span: tuple[int, int] | None
    object_span: tuple[int, int] | None
    subject_sentence: Sentence | None = None  # the sentence of the subject's mention


@dataclass
class Candidates:
    text: str
    entities: list[ExtractedEntity]
    relations: list[RelationCandidate] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def sentences_of(docs: list[tuple[int, Doc]]) -> list[Sentence]:
    found = []
    for offset, doc in docs:
        for sent in doc.sents:
            kept = [t for t in sent if not t.is_space]
            if not kept:
                continue
            index = {t.i: n for n, t in enumerate(kept)}
            found.append(
                Sentence(
                    offset + kept[0].idx,
                    offset + kept[-1].idx + len(kept[-1].text),
                    [
                        (offset + t.idx, offset + t.idx + len(t.text), t.lower_, t.pos_)
                        for t in kept
                    ],
                    [index.get(t.head.i, n) for n, t in enumerate(kept)],
                    [t.dep_ for t in kept],
                )
            )
    return found


def entity_candidates(
    text: str, extraction: Extraction, docs: list[tuple[int, Doc]]
) -> list[ExtractedEntity]:
    """The rules' entities, then the parser's named entities and dated unnamed gatherings that
    no rule entity covers."""
    entities = list(extraction.entities)
    taken = [(m.start, m.end) for e in entities for m in e.mentions]
    known = {fold(n) for e in entities for n in [e.name, *e.aliases]}
    extra: dict[tuple[str, str], ExtractedEntity] = {}
    year = year_of(extraction.published)
    for offset, doc in docs:
        for ent in doc.ents:
            _parser_entity(text, offset, ent, taken, extra)
        for sent in doc.sents:
            _gathering(text, offset, sent, year, taken, extra)
        for chunk in doc.noun_chunks:
            _technology_phrase(text, offset, chunk, taken, extra)
        for token in doc:
            _acronym(text, offset, token, taken, extra)
    for entity in list(entities) + list(extra.values()):
        _name_tail(text, entity, taken, extra)
    counters: dict[str, int] = {}
    for entity in extra.values():
        if fold(entity.name) in known:
            continue
        counters[entity.type] = counters.get(entity.type, 0) + 1
        entity.id = f"x{entity.type[:2]}{counters[entity.type]}"
        entities.append(entity)
    return entities


_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}")


def _name_tail(
    text: str,
    entity: ExtractedEntity,
    taken: list[tuple[int, int]],
    extra: dict[tuple[str, str], ExtractedEntity],
) -> None:
    """The last two or three capitalised words of a longer mention, offered as a person (a
    title or body written before a name: `Ambassador to Pakistan Jane Doe`)."""
    for mention in entity.mentions[:3]:
        words = list(re.finditer(r"\S+", text[mention.start : mention.end]))
        for size in (2, 3):
            if len(words) <= size:
                continue
            tail = words[-size:]
            if not all(_NAME_WORD.fullmatch(w.group(0)) for w in tail):
                continue
            start, end = mention.start + tail[0].start(), mention.start + tail[-1].end()
            if (start, end) in taken:
                continue
            name = text[start:end]
            evidence = Evidence(start, end, name, mention.sentence)
            _add(extra, "person", name, evidence, "name_tail")


def _covered(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _add(
    extra: dict[tuple[str, str], ExtractedEntity],
    kind: str,
    name: str,
    evidence: Evidence,
    rule: str,
    attributes: dict[str, object] | None = None,
) -> None:
    key = (kind, fold(name))
    entity = extra.get(key)
    if entity is None:
        entity = ExtractedEntity(id="", type=kind, name=name, rules=[rule])
        entity.attributes.update(attributes or {})
        extra[key] = entity
    entity.mentions.append(evidence)


def _parser_entity(
    text: str,
    offset: int,
    ent: Span,
    taken: list[tuple[int, int]],
    extra: dict[tuple[str, str], ExtractedEntity],
) -> None:
    kind = PARSER_TYPES.get(ent.label_)
    if kind is None or "\n" in ent.text or len(ent) > 12:
        return
    if ent[0].lower_ == "the":
        ent = ent[1:]
    start, end = offset + ent.start_char, offset + ent.end_char
    name = clean_name(ent.text)
    if len(name) < 3 or (start, end) in taken or country_code(name) or city_country(name):
        return
    if kind == "person" and len(name.split()) < 2:
        return
    # a span inside or across a rule's mention (a person a long title swallowed) is still
    # offered, marked, for the model to weigh
    rule = f"parser_{ent.label_.lower()}" + ("_overlap" if _covered(start, end, taken) else "")
    evidence = Evidence(start, end, text[start:end], ent.sent.text.strip())
    _add(extra, kind, name, evidence, rule)


_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*")


def _acronym(
    text: str,
    offset: int,
    token: Token,
    taken: list[tuple[int, int]],
    extra: dict[tuple[str, str], ExtractedEntity],
) -> None:
    """A standalone acronym (`BIOTEC`, `ICIWaRM`) that no rule took: perhaps an organization."""
    word = token.text
    if not 2 <= len(word) <= 10 or not _ACRONYM.fullmatch(word):
        return
    if sum(ch.isupper() for ch in word) < max(2, len(word) // 2) or country_code(word):
        return
    start = offset + token.idx
    if _covered(start, start + len(word), taken):
        return
    evidence = Evidence(start, start + len(word), word, token.sent.text.strip())
    _add(extra, "organization", word, evidence, "acronym_raw")


def _technology_phrase(
    text: str,
    offset: int,
    chunk: Span,
    taken: list[tuple[int, int]],
    extra: dict[tuple[str, str], ExtractedEntity],
) -> None:
    """A common-noun phrase of two to seven words (`solar-powered drip irrigation`): the
    technology model decides whether it names a technology."""
    tokens = [t for t in chunk if t.pos_ not in {"DET", "PRON", "NUM"} and not t.is_punct]
    while tokens and tokens[0].pos_ in {"ADJ"} and tokens[0].lower_ in _VAGUE:
        tokens = tokens[1:]
    if not 2 <= len(tokens) <= 7 or tokens[-1].pos_ != "NOUN" or "\n" in chunk.text:
        return
    if sum(t.pos_ == "PROPN" for t in tokens) > len(tokens) // 2:
        return
    start, end = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)
    if _covered(start, end, taken):
        return
    name = clean_name(text[start:end])
    evidence = Evidence(start, end, text[start:end], chunk.sent.text.strip())
    _add(extra, "technology", name, evidence, "noun_phrase")


# Opening adjectives that make a phrase vague rather than the name of a technology.
_VAGUE = {"new", "other", "such", "many", "several", "various", "more", "further", "same"}


def _gathering(
    text: str,
    offset: int,
    sent: Span,
    year: int | None,
    taken: list[tuple[int, int]],
    extra: dict[tuple[str, str], ExtractedEntity],
) -> None:
    """A sentence with a date and a gathering word: an event named by that word and what
    follows it (`visit to the Institute of ...`)."""
    trigger = next((t for t in sent if t.lower_ in GATHERING_WORDS), None)
    if trigger is None:
        return
    start = offset + sent.start_char
    dates = find_dates(sent.text, year=year, offset=start)
    if not dates and trigger.pos_ != "NOUN":
        return
    head = GATHERING_WORDS[trigger.lower_]
    tail = [t.text for t in sent[trigger.i + 1 - sent.start : trigger.i + 7 - sent.start]]
    words = [head, *_until_stop(tail)]
    name = clean_name(" ".join(words))
    s, e = offset + trigger.idx, offset + trigger.idx + len(trigger.text)
    if _covered(s, e, taken):
        return
    evidence = Evidence(s, e, text[s:e], sent.text.strip())
    attributes: dict[str, object] = {"kind": _kind(head)}
    if dates:
        attributes.update(start=dates[0].begin, end=dates[0].finish)
    _add(extra, "event", name, evidence, "gathering", attributes)


def _until_stop(words: list[str]) -> list[str]:
    kept = []
    for word in words:
        if word in {",", ".", ";", ":", "(", ")"} or re.fullmatch(r"\d+", word):
            break
        kept.append(word)
    while kept and kept[-1].lower() in {"the", "of", "to", "a", "an", "and", "in", "on", "with"}:
        kept.pop()
    return kept


def _kind(head: str) -> str:
    if head in {"visit", "meeting", "ceremony", "seminar"}:
        return head
    return "ceremony" if head.endswith("ceremony") else "meeting"


def relation_candidates(
    text: str,
    entities: list[ExtractedEntity],
    rule_relations: list[ExtractedRelation],
    sentences: list[Sentence],
    articles: list[tuple[int, int]] | None = None,
) -> list[RelationCandidate]:
    """The rules' relations, then every type-compatible ordered pair within a sentence (a
    symmetric type once per pair) and technologies with the countries of their sentence."""
    spans = _mention_spans(entities)
    by_id = {e.id: e for e in entities}
    found: dict[tuple[str, str, str], RelationCandidate] = {}
    for relation in rule_relations:
        sentence, sub, obj = _shared_sentence(relation, spans, sentences, text)
        found[(relation.type, relation.subject, relation.object)] = RelationCandidate(
            relation, sentence, sub, obj
        )
    inside = [
        _entities_in(sentence, spans)[:MAX_SENTENCE_ENTITIES] + _countries_in(text, sentence)
        for sentence in sentences
    ]
    for sentence, here in zip(sentences, inside, strict=True):
        for a_id, a_span in here:
            for b_id, b_span in here:
                if a_id != b_id and a_id in by_id:
                    _pair(found, by_id, a_id, a_span, b_id, b_span, sentence, text)
    _across(found, by_id, sentences, inside, articles or [(0, len(text))], text)
    starts = [s.start for s in sentences]
    for candidate in found.values():
        if candidate.sentence is None and candidate.subject_span is not None:
            i = bisect.bisect_right(starts, candidate.subject_span[0]) - 1
            if i >= 0 and sentences[i].start <= candidate.subject_span[0] <= sentences[i].end:
                candidate.subject_sentence = sentences[i]
    return list(found.values())


def _across(
    found: dict[tuple[str, str, str], RelationCandidate],
    by_id: dict[str, ExtractedEntity],
    sentences: list[Sentence],
    inside: list[list[tuple[str, tuple[int, int]]]],
    articles: list[tuple[int, int]],
    text: str,
) -> None:
    """Pairs across sentences: ends in consecutive sentences of a paragraph, and an article's
    events with every person and organization of that article (`across` marks them)."""
    for i in range(len(sentences) - 1):
        if "\n\n" in text[sentences[i].end : sentences[i + 1].start]:
            continue
        for a_id, a_span in inside[i] + inside[i + 1]:
            for b_id, b_span in inside[i] + inside[i + 1]:
                if a_id != b_id and a_id in by_id:
                    _pair(found, by_id, a_id, a_span, b_id, b_span, None, text, ACROSS_NEXT)
    for lo, hi in articles:
        index = [i for i, s in enumerate(sentences) if lo <= s.start < hi]
        present = {ident: span for i in index for ident, span in inside[i]}
        events = [e for e in present if e in by_id and by_id[e].type == "event"]
        if not events or len(events) > MAX_ARTICLE_EVENTS:
            continue
        for a_id, a_span in present.items():
            for event in events:
                if a_id in by_id and by_id[a_id].type in {"person", "organization"}:
                    _pair(
                        found,
                        by_id,
                        a_id,
                        a_span,
                        event,
                        present[event],
                        None,
                        text,
                        ACROSS_ARTICLE,
                    )


def _pair(
    found: dict[tuple[str, str, str], RelationCandidate],
    by_id: dict[str, ExtractedEntity],
    a_id: str,
    a_span: tuple[int, int],
    b_id: str,
    b_span: tuple[int, int],
    sentence: Sentence | None,
    text: str,
    across: str = "",
) -> None:
    a_type = by_id[a_id].type
    b_type = by_id[b_id].type if b_id in by_id else "country"
    for kind, spec in relation_types().items():
        if a_type not in spec.subject or b_type not in spec.object:
            continue
        if across == ACROSS_ARTICLE and kind not in {"organized", "participated"}:
            continue
        symmetric = kind == "cooperates_with" and b_type != "country"
        if symmetric and ((kind, b_id, a_id) in found or a_span[0] > b_span[0]):
            continue
        key = (kind, a_id, b_id)
        if key in found:
            continue
        if sentence is not None:
            lo, hi = sentence.start, sentence.end
        else:
            lo, hi = min(a_span[0], b_span[0]), max(a_span[1], b_span[1])
            if hi - lo > MAX_EVIDENCE:
                lo, hi = a_span
        evidence = Evidence(lo, hi, text[lo:hi], text[lo:hi])
        relation = ExtractedRelation(
            kind, a_id, b_id, {}, [evidence], rules=[across] if across else []
        )
        found[key] = RelationCandidate(relation, sentence, a_span, b_span)


def _mention_spans(entities: list[ExtractedEntity]) -> list[tuple[int, int, str]]:
    return sorted((m.start, m.end, e.id) for e in entities for m in e.mentions)


def _entities_in(
    sentence: Sentence, spans: list[tuple[int, int, str]]
) -> list[tuple[str, tuple[int, int]]]:
    first: dict[str, tuple[int, int]] = {}
    for s, e, ident in spans:
        if sentence.start <= s < sentence.end and ident not in first:
            first[ident] = (s, e)
    return list(first.items())


_COUNTRY_WORD = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){0,3}")


def _countries_in(text: str, sentence: Sentence) -> list[tuple[str, tuple[int, int]]]:
    found: dict[str, tuple[int, int]] = {}
    chunk = text[sentence.start : sentence.end]
    for match in _COUNTRY_WORD.finditer(chunk):
        words = match.group(0).split()
        for size in range(len(words), 0, -1):
            code = country_code(" ".join(words[:size]))
            if code:
                s = sentence.start + match.start()
                found.setdefault(code, (s, s + len(" ".join(words[:size]))))
                break
    return list(found.items())


def _shared_sentence(
    relation: ExtractedRelation,
    spans: list[tuple[int, int, str]],
    sentences: list[Sentence],
    text: str,
) -> tuple[Sentence | None, tuple[int, int] | None, tuple[int, int] | None]:
    subject = [(s, e) for s, e, i in spans if i == relation.subject]
    obj = [(s, e) for s, e, i in spans if i == relation.object]
    for sentence in sentences:
        sub_in = [p for p in subject if sentence.start <= p[0] < sentence.end]
        obj_in = [p for p in obj if sentence.start <= p[0] < sentence.end]
        if sub_in and (obj_in or re.fullmatch(r"[A-Z]{2}", relation.object)):
            return sentence, sub_in[0], (obj_in[0] if obj_in else None)
    return None, (subject[0] if subject else None), (obj[0] if obj else None)
