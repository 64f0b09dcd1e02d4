"""Features of entity and relation candidates: sparse indicator features (which rules found
it, its words, its shape, what lies between the two ends) and the texts whose sentence
embeddings join them as dense features."""

from __future__ import annotations

import bisect
import re

from greenbridge.extract.learned.candidates import RelationCandidate, Sentence
from greenbridge.extract.mention import fold
from greenbridge.extract.model import ExtractedEntity

Features = dict[str, float]
MAX_BETWEEN = 10  # words between two ends read one by one; further apart is "far"


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def entity_features(
    entity: ExtractedEntity, text: str, sentences: list[Sentence] | None = None
) -> Features:
    words = entity.name.split()
    folded = fold(entity.name).split()
    f: Features = {f"type={entity.type}": 1.0}
    for rule in entity.rules or ["none"]:
        f[f"rule={rule}"] = 1.0
        f[f"type={entity.type}|rule={rule}"] = 1.0
    if folded:
        f[f"head={folded[-1]}"] = 1.0
        f[f"first={folded[0]}"] = 1.0
        f[f"type={entity.type}|head={folded[-1]}"] = 1.0
    for word in folded:
        f[f"word={word}"] = 1.0 / len(folded)
    f[f"words={_bucket(len(words), (1, 2, 3, 5, 8))}"] = 1.0
    f[f"mentions={_bucket(len(entity.mentions), (1, 2, 4))}"] = 1.0
    f["aliases"] = float(bool(entity.aliases))
    f["all_caps"] = float(entity.name.isupper())
    f["digit"] = float(any(ch.isdigit() for ch in entity.name))
    f["lower_start"] = float(entity.name[:1].islower())
    capitals = sum(w[:1].isupper() for w in words)
    f[f"capitals={_bucket(round(4 * capitals / max(1, len(words))), (0, 1, 2, 3))}"] = 1.0
    for key in ("kind", "country", "start", "honorifics", "city"):
        if entity.attributes.get(key):
            f[f"attr={key}"] = 1.0
    if entity.mentions:
        first = entity.mentions[0]
        f["first_line"] = float("\n" not in text[: first.start].strip())
        before = text[max(0, first.start - 30) : first.start].split()
        after = text[first.end : first.end + 30].split()
        if before:
            f[f"before={before[-1].lower()}"] = 1.0
        if after:
            f[f"after={after[0].lower()}"] = 1.0
    if sentences:
        f.update(mention_syntax(entity, sentences))
    return f


MAX_SYNTAX_MENTIONS = 3  # the first mentions whose place in the parse is read


def mention_syntax(entity: ExtractedEntity, sentences: list[Sentence]) -> Features:
    """Where the entity's first mentions stand in the parse: the dependency label of each
    mention's head, the word it depends on and, through a preposition, the word above that
    (`attended -> at -> [the forum]`)."""
    f: Features = {}
    starts = [s.start for s in sentences]
    for mention in entity.mentions[:MAX_SYNTAX_MENTIONS]:
        i = bisect.bisect_right(starts, mention.start) - 1
        if i < 0 or not sentences[i].heads or mention.start > sentences[i].end:
            continue
        sentence = sentences[i]
        head = _span_head(sentence, (mention.start, mention.end))
        if head is None:
            continue
        governor = sentence.heads[head]
        f[f"dep={sentence.deps[head]}"] = 1.0
        if governor != head:
            word, pos = sentence.tokens[governor][2], sentence.tokens[governor][3]
            f[f"gov={word}"] = 1.0
            if pos == "ADP" and sentence.heads[governor] != governor:
                f[f"gov={word}|{sentence.tokens[sentence.heads[governor]][2]}"] = 1.0
    return f


def entity_texts(entity: ExtractedEntity, text: str) -> tuple[str, str]:
    """The name, and the name in a window of its first sentence."""
    if not entity.mentions:
        return entity.name, entity.name
    first = entity.mentions[0]
    left = " ".join(text[max(0, first.start - 80) : first.start].split()[-8:])
    right = " ".join(text[first.end : first.end + 80].split()[:8])
    return entity.name, f"{left} [{entity.name}] {right}"


def relation_features(
    candidate: RelationCandidate,
    subject: ExtractedEntity,
    obj: ExtractedEntity | None,
    context: Features | None = None,
) -> Features:
    relation = candidate.relation
    kind = relation.type
    f: Features = {"bias": 1.0}
    for rule in relation.rules or ["none"]:
        f[f"rule={rule}"] = 1.0
    f["rules"] = float(bool(relation.rules))
    f[f"subject={subject.type}"] = 1.0
    f[f"object={obj.type if obj else 'country'}"] = 1.0
    for key in ("title", "role", "year", "partner", "outcome", "what"):
        if relation.attributes.get(key):
            f[f"attr={key}"] = 1.0
    sentence, a, b = candidate.sentence, candidate.subject_span, candidate.object_span
    context = context or {}
    for key, value in context.items():
        f[key] = value
    if sentence is None or a is None or b is None:
        f["sentence=none"] = 1.0
        own = candidate.subject_sentence
        if own is not None and a is not None:
            f.update(_around(own, a))
        return f
    f.update(_between(sentence, a, b))
    if kind == "deployed" and re.search(r"\d", _sentence_text(sentence)):
        f["figure_in_sentence"] = 1.0
    return f


def _around(sentence: Sentence, a: tuple[int, int]) -> Features:
    """For an end in another sentence: the verbs of the subject's own sentence and the words
    just before and after the subject."""
    f: Features = {}
    for _s, _e, word, pos in sentence.tokens:
        if pos == "VERB":
            f[f"own_verb={word}"] = 1.0
    before = [t for t in sentence.tokens if t[1] <= a[0]][-2:]
    after = [t for t in sentence.tokens if t[0] >= a[1]][:2]
    for _s, _e, word, _pos in before:
        f[f"own_before={word}"] = 1.0
    for _s, _e, word, _pos in after:
        f[f"own_after={word}"] = 1.0
    return f


def _sentence_text(sentence: Sentence) -> str:
    return " ".join(t[2] for t in sentence.tokens)


def _between(sentence: Sentence, a: tuple[int, int], b: tuple[int, int]) -> Features:
    f: Features = {"order=subject_first" if a[0] < b[0] else "order=object_first": 1.0}
    lo, hi = (a[1], b[0]) if a[0] < b[0] else (b[1], a[0])
    between = [t for t in sentence.tokens if lo <= t[0] and t[1] <= hi]
    f[f"gap={_bucket(len(between), (0, 1, 2, 4, 7, 12, 20))}"] = 1.0
    if len(between) <= MAX_BETWEEN:
        for _s, _e, word, pos in between:
            f[f"between={word}"] = 1.0
            if pos in {"VERB", "NOUN", "ADP"}:
                f[f"between_{pos}={word}"] = 1.0
        if between:
            f[f"between_first={between[0][2]}"] = 1.0
            f[f"between_last={between[-1][2]}"] = 1.0
        f["between_comma"] = float(any(t[2] == "," for t in between))
    else:
        f["between=far"] = 1.0
    f.update(dependency_path(sentence, a, b))
    verbs = [t[2] for t in sentence.tokens if t[3] == "VERB"]
    for verb in verbs[:6]:
        f[f"verb={verb}"] = 1.0
    first = min(a[0], b[0])
    before = [t for t in sentence.tokens if t[1] <= first][-3:]
    for _s, _e, word, _pos in before:
        f[f"before={word}"] = 1.0
    return f


def _span_head(sentence: Sentence, span: tuple[int, int]) -> int | None:
    """The token of a span whose head lies outside it (the span's syntactic head)."""
    inside = [i for i, t in enumerate(sentence.tokens) if span[0] <= t[0] and t[1] <= span[1]]
    for i in inside:
        if sentence.heads[i] not in inside or sentence.heads[i] == i:
            return i
    return inside[0] if inside else None


def _ancestors(sentence: Sentence, i: int) -> list[int]:
    chain = [i]
    while sentence.heads[chain[-1]] != chain[-1] and len(chain) <= len(sentence.tokens):
        chain.append(sentence.heads[chain[-1]])
    return chain


MAX_PATH = 6  # dependency arcs between two ends read as a path; longer is "long"


def dependency_path(sentence: Sentence, a: tuple[int, int], b: tuple[int, int]) -> Features:
    """The shortest path between the two ends in the parse: its arcs with the words they pass
    through, its length and the word where the two ends meet."""
    if not sentence.heads:
        return {}
    ha, hb = _span_head(sentence, a), _span_head(sentence, b)
    if ha is None or hb is None:
        return {}
    up, down = _ancestors(sentence, ha), _ancestors(sentence, hb)
    common = next((i for i in up if i in down), None)
    if common is None:
        return {"path=none": 1.0}
    rise, fall = up[: up.index(common)], down[: down.index(common)]
    f: Features = {f"path_len={_bucket(len(rise) + len(fall), (1, 2, 3, 4, 6))}": 1.0}
    f[f"meet={sentence.tokens[common][2]}"] = 1.0
    f[f"meet_dep={sentence.deps[common]}"] = 1.0
    if len(rise) + len(fall) <= MAX_PATH:
        arcs = [f"{sentence.deps[i]}^" for i in rise]
        arcs.append(sentence.tokens[common][2] if common not in (ha, hb) else "*")
        arcs += [f"v{sentence.deps[i]}" for i in reversed(fall)]
        f["path=" + " ".join(arcs)] = 1.0
        f["path_deps=" + " ".join(a for a in arcs if a[-1] == "^" or a[0] == "v")] = 1.0
        for i in rise[1:] + fall[1:]:
            f[f"path_word={sentence.tokens[i][2]}"] = 1.0
    else:
        f["path=long"] = 1.0
    f[f"a_dep={sentence.deps[ha]}"] = 1.0
    f[f"b_dep={sentence.deps[hb]}"] = 1.0
    return f


def relation_text(candidate: RelationCandidate, text: str, subject: str, obj: str) -> str:
    """The sentence with both ends marked by their type, for the sentence embedding."""
    sentence, a, b = candidate.sentence, candidate.subject_span, candidate.object_span
    if sentence is None or a is None:
        return f"{subject} {candidate.relation.type} {obj}"
    chunk = text[sentence.start : sentence.end]
    marks = [(a, f"[{subject}]")]
    if b is not None and (b[1] <= a[0] or a[1] <= b[0]):
        marks.append((b, f"[{obj}]"))
    for (s, e), mark in sorted(marks, key=lambda m: -m[0][0]):
        if sentence.start <= s and e <= sentence.end:
            chunk = chunk[: s - sentence.start] + mark + chunk[e - sentence.start :]
    return " ".join(chunk.split()[:60])
