"""`extract_text`: one document's text -> entities, countries and relations with evidence."""

from __future__ import annotations

import bisect
import logging
import re

from spacy.tokens import Doc

from greenbridge.extract.appositions import missing_organizations
from greenbridge.extract.bilingual_aliases import add_bilingual_aliases
from greenbridge.extract.blocks import BLOCK_CHARS, blocks, merge_blocks
from greenbridge.extract.dates import year_of
from greenbridge.extract.devices import device_phrases
from greenbridge.extract.entities import (
    attach_acronyms,
    build_entity,
    generic_organization,
    group_mentions,
    initials,
    resolve_overlaps,
)
from greenbridge.extract.events import event_references, lowercase_events, set_event_details
from greenbridge.extract.identifiers import attach_identifiers
from greenbridge.extract.learned.apply import apply_model
from greenbridge.extract.learned.model import active_model
from greenbridge.extract.lexicon import lexicon
from greenbridge.extract.mention import Mention, clean_name, fold
from greenbridge.extract.model import Extraction
from greenbridge.extract.names import head_candidates, is_acronym
from greenbridge.extract.nlp import parse
from greenbridge.extract.org_country import assign_countries
from greenbridge.extract.people import find_people, model_people
from greenbridge.extract.phrases import (
    established_facilities,
    quoted_initiatives,
    technology_phrases,
)
from greenbridge.extract.places import city_country, country_code, find_places
from greenbridge.extract.relations import find_relations
from greenbridge.extract.units import split_parents
from greenbridge.ingest.language import detect_language

logger = logging.getLogger(__name__)
# Recorded with every piece of evidence; raised when the same text yields different output.
# 2: sentences stop at paragraph breaks, headings and list items.
EXTRACTOR_VERSION = "2"
_MODEL_ORG_STOP = {
    "fig",
    "photo",
    "report",
    "news",
    "home",
    "time",
    "tel",
    "mobile",
    "mine",
    "river",
    "lake",
    "road",
    "street",
    "desert",
    "sea",
    "mountain",
    "park",
    "province",
    "district",
    "city",
}
_MODEL_ORG_WORD = re.compile(r"^(?:[A-Z][A-Za-z]*|&|-|of|and|the|for)$")


def extract_text(
    text: str,
    *,
    document: str = "",
    published: str | None = None,
    articles: list[tuple[int, int]] | None = None,
    learned: bool = True,
    language: str | None = None,
) -> Extraction:
    """Entities, countries and relations of one document's (cleaned) text, each with its
    confidence; `articles` are the character ranges of its articles when known. The rules
    propose candidates; the model (when `learned`: the one fitted to this installation's
    corrections, else the shipped one) decides. Chinese text (`language` "zh", or guessed so
    when not given) goes to the Chinese extractor (`greenbridge.extract.zh`)."""
    if (language or detect_language(text)) == "zh":
        from greenbridge.extract.zh import extract_chinese

        return extract_chinese(text, document=document, published=published)
    extraction = rule_extraction(text, document=document, published=published, articles=articles)
    model = active_model() if learned else None
    if model is not None:
        extraction = apply_model(text, extraction, model, articles)
    attach_identifiers(text, extraction)
    return add_bilingual_aliases(text, extraction)


def rule_extraction(
    text: str,
    *,
    document: str = "",
    published: str | None = None,
    articles: list[tuple[int, int]] | None = None,
) -> Extraction:
    """What the rules alone find. Long texts go block by block."""
    if published is None:
        published = _stated_date(text)
    if len(text) <= BLOCK_CHARS:
        return _extract_block(text, document=document, published=published, articles=articles)
    parts = []
    for start, end in blocks(text):
        inside = [
            (max(a, start) - start, min(b, end) - start)
            for a, b in articles or []
            if a < end and b > start
        ]
        part = _extract_block(
            text[start:end], document=document, published=published, articles=inside or None
        )
        parts.append((start, part))
    merged = merge_blocks(parts, document=document)
    merged.published, merged.version = published, EXTRACTOR_VERSION
    return merged


def _extract_block(
    text: str,
    *,
    document: str,
    published: str | None,
    articles: list[tuple[int, int]] | None,
) -> Extraction:
    names: list[Mention] = []
    people: list[Mention] = []
    refs: list[Mention] = []
    countries: dict[str, int] = {}
    cities: list[tuple[int, int, str, str]] = []
    acronym_tokens: list[tuple[int, int, str, bool]] = []
    all_sentences: list[tuple[int, int]] = []
    for offset, doc in parse(text):
        sentence_of, sentences = _sentences(doc, offset)
        all_sentences.extend(sentences)
        names.extend(head_candidates(doc, offset, sentence_of))
        names.extend(lowercase_events(doc, offset, sentence_of))
        names.extend(_model_organizations(doc, offset, sentence_of))
        names.extend(quoted_initiatives(doc, offset, sentence_of))
        names.extend(established_facilities(doc, offset, sentence_of))
        names.extend(technology_phrases(doc, offset, sentence_of))
        names.extend(device_phrases(doc, offset, sentence_of))
        people.extend(find_people(doc.text, offset, sentences))
        people.extend(model_people(doc, offset, sentences))
        refs.extend(event_references(doc, offset, sentence_of))
        find_places(doc, offset, countries, cities)
        acronym_tokens.extend(_acronyms(doc, offset))
    people = _longest_people(people)
    strong = [p for p in people if p.rule != "model"]
    names = [_after_person(text, n, strong) for n in names]
    names = [n for n in names if not (n.rule == "model" and any(n.overlaps(p) for p in strong))]
    heads = [n for n in names if n.rule == "head"]
    names = [n for n in names if not (n.rule == "model" and _inside_other(n, heads))]
    names = [n for n in resolve_overlaps(text, names) if not generic_organization(n.name)]
    people = [p for p in people if not any(p.overlaps(n) for n in names)]
    names = split_parents(text, names)
    defined = attach_acronyms(text, names)
    for name in names:
        if name.name in defined and defined[name.name] is not name:
            name.attributes["acronym_of"] = defined[name.name]
    names.extend(_acronym_mentions(text, acronym_tokens, names, defined, people, all_sentences))
    added = missing_organizations(text, strong, names)
    added = [n for n in added if not generic_organization(n.name)]
    names = [n for n in names if not (n.rule == "acronym" and any(n.overlaps(a) for a in added))]
    names.extend(added)
    _adopt_types(names)
    groups = group_mentions(sorted(people + names, key=lambda m: m.start))
    groups = [g for g in groups if _keep_group(g)]
    _attach_single_word_people(people, groups)
    entities = []
    counters: dict[str, int] = {}
    for group in sorted(groups, key=lambda g: ("poievt".index(g[0].type[0]), g[0].start)):
        counters[group[0].type] = counters.get(group[0].type, 0) + 1
        entities.append(build_entity(text, group, counters[group[0].type]))
    year = year_of(published)
    taken = people + names
    cities = [c for c in cities if not any(m.start <= c[0] < m.end for m in taken)]
    set_event_details(text, entities, groups, year=year, cities=cities, articles=articles)
    mentions = [m for g in groups for m in g] + refs
    relations = find_relations(text, mentions, entities, articles=articles, year=year)
    assign_countries(text, groups, entities, relations)
    code_list = _country_list(countries, cities, people + names)
    return Extraction(
        document=document,
        published=published,
        countries=code_list,
        entities=entities,
        relations=relations,
        version=EXTRACTOR_VERSION,
    )


def _inside_other(name: Mention, heads: list[Mention]) -> bool:
    """A model ORG inside a longer name a head rule typed otherwise (`Solar Power` in
    `Joint Laboratory for Solar Power`)."""
    return any(
        h.type != "organization" and name.within(h) and h.end - h.start > name.end - name.start
        for h in heads
    )


def _stated_date(text: str) -> str | None:
    try:
        from greenbridge.ingest.dates import find_published
    except ImportError:  # pragma: no cover - ingest is part of the package
        return None
    return find_published(text)


def _sentences(doc: Doc, offset: int) -> tuple[dict[int, tuple[int, int]], list[tuple[int, int]]]:
    sentence_of: dict[int, tuple[int, int]] = {}
    sentences = []
    for sent in doc.sents:
        start = offset + sent.start_char
        bounds = (start, start + len(sent.text.rstrip()))
        sentences.append(bounds)
        for tok in sent:
            sentence_of[tok.i] = bounds
    return sentence_of, sentences


def _model_organizations(
    doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]
) -> list[Mention]:
    """The model's ORG entities of two to five capitalised words with no verb in them."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or "\n" in ent.text or not 2 <= len(ent) <= 5:
            continue
        words = [t for t in ent if t.lower_ != "the" or t.i != ent.start]
        if ent[0].lower_ == "the":
            ent = ent[1:]
        if not all(_MODEL_ORG_WORD.match(t.text) for t in words):
            continue
        if any(t.pos_ in {"VERB", "AUX"} or t.like_num or t.lower_ in _MODEL_ORG_STOP for t in ent):
            continue
        name = clean_name(ent.text)
        opened = _quote_open(doc, ent.start)
        if opened or _plural_head(ent[-1].lower_):
            continue
        if country_code(name) or city_country(name) or any(country_code(t.text) for t in ent):
            continue
        start = offset + ent.start_char
        found.append(
            Mention(
                type="organization",
                start=start,
                end=offset + ent.end_char,
                name=name,
                sentence=sentence_of.get(ent.start, (start, start)),
                rule="model",
            )
        )
    return found


def _quote_open(doc: Doc, index: int) -> bool:
    """Token `index` is inside a “quotation” that opened in the same sentence."""
    for tok in reversed(doc[doc[index].sent.start : index]):
        if tok.text == "”":
            return False
        if tok.text == "“":
            return True
    return False


def _plural_head(word: str) -> bool:

    return word.endswith("s") and word[:-1] in lexicon().organization_heads


def _acronyms(doc: Doc, offset: int) -> list[tuple[int, int, str, bool]]:
    """(start, end, acronym, tagged ORG by the model) for standalone acronyms."""
    org_tokens = {t.i for ent in doc.ents if ent.label_ == "ORG" for t in ent}
    found = []
    for tok in doc:
        joined = (
            tok.i > 0 and doc[tok.i - 1].text in {"-", "/"} and not doc[tok.i - 1].whitespace_
        ) or (tok.i + 1 < len(doc) and doc[tok.i + 1].text in {"-", "/"} and not tok.whitespace_)
        if joined or "&" in tok.text:
            continue
        if is_acronym(tok.text) and not any(ch.isdigit() for ch in tok.text):
            start = offset + tok.idx
            found.append((start, start + len(tok.text), tok.text, tok.i in org_tokens))
    return found


def _acronym_mentions(
    text: str,
    tokens: list[tuple[int, int, str, bool]],
    names: list[Mention],
    defined: dict[str, Mention],
    people: list[Mention],
    sentences: list[tuple[int, int]],
) -> list[Mention]:
    """Standalone acronyms: mentions of the name that defines them or whose initials they are,
    else organizations of their own when the model tags them ORG."""
    found = []
    orgs = [n for n in names if n.type == "organization"]
    tagged_once = {acronym for _s, _e, acronym, tagged in tokens if tagged}
    for start, end, acronym, _tagged in tokens:
        tagged = acronym in tagged_once
        if any(n.start <= start < n.end for n in names + people) or country_code(acronym):
            continue
        if any(acronym.lower() in p.name.lower().split() for p in people):
            continue
        if text[end : end + 2].strip().startswith(")") and acronym in defined:
            continue
        owner = defined.get(acronym) or next(
            (o for o in orgs if len(acronym) >= 3 and initials(o.name) == acronym), None
        )
        if owner is not None and acronym not in owner.aliases:
            owner.aliases.append(acronym)
        if owner is None and not tagged:
            continue
        kind = owner.type if owner is not None else "organization"
        mention = Mention(
            kind, start, end, acronym, sentence=_sentence_at(sentences, start), rule="acronym"
        )
        mention.attributes["acronym_of"] = owner
        found.append(mention)
    return found


def _sentence_at(sentences: list[tuple[int, int]], start: int) -> tuple[int, int]:
    index = bisect.bisect_right(sentences, (start, 10**12)) - 1
    if 0 <= index < len(sentences) and sentences[index][0] <= start < sentences[index][1]:
        return sentences[index]
    return (start, start)


def _adopt_types(names: list[Mention]) -> None:
    """A name the model calls ORG takes the type a head-noun rule gave the same name."""
    typed = {fold(n.name): n.type for n in names if n.rule != "model"}
    for name in names:
        if name.rule == "model":
            name.type = typed.get(fold(name.name), name.type)


def _after_person(text: str, name: Mention, people: list[Mention]) -> Mention:
    """A name that swallowed the person before it on the line (`LIU Wei / X Bureau`)
    starts after that person."""
    for person in people:
        if person.start <= name.start < person.end < name.end:
            start = (
                person.end
                + len(text[person.end : name.end])
                - len(text[person.end : name.end].lstrip())
            )
            name.start, name.name = start, clean_name(text[start : name.end])
    return name


def _longest_people(people: list[Mention]) -> list[Mention]:
    """Drop a person mention inside a longer one (`KIM Min` in `KIM Min-Seo`)."""
    return [
        p
        for p in people
        if not any(
            q.start <= p.start and p.end <= q.end and q.end - q.start > p.end - p.start
            for q in people
        )
    ]


def _keep_group(group: list[Mention]) -> bool:
    """Single-word people are references, not people of their own."""
    if group[0].type == "person":
        return any(len(m.name.split()) >= 2 for m in group)
    return True


def _attach_single_word_people(people: list[Mention], groups: list[list[Mention]]) -> None:
    persons = [g for g in groups if g[0].type == "person"]
    for mention in people:
        if len(mention.name.split()) != 1:
            continue
        word = mention.name.lower()
        for group in persons:
            if any(word in m.name.lower().split() for m in group) and mention not in group:
                group.append(mention)
                break


def _country_list(
    countries: dict[str, int], cities: list[tuple[int, int, str, str]], taken: list[Mention]
) -> list[str]:
    found = dict(countries)
    for start, _end, _name, code in cities:
        if code and not any(m.start <= start < m.end for m in taken):
            found.setdefault(code, start)
    return [code for code, _ in sorted(found.items(), key=lambda kv: kv[1])]
