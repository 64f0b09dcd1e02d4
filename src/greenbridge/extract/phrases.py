"""Initiatives and technologies written in lower case or in quotes: `the platform of
“Clean Rivers for All”`, `establish an international research center for X`,
`solar water pumping technology`, `approaches such as drip irrigation`."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from greenbridge.extract.mention import Mention, clean_name

_INITIATIVE_TRIGGERS = {
    "platform",
    "platforms",
    "principle",
    "statement",
    "initiative",
    "strategy",
    "policy",
    "plan",
    "programme",
    "program",
    "project",
    "campaign",
    "paper",
}
_ESTABLISH = {"establish", "establishment", "establishing", "set", "build", "building", "launch"}
_FACILITY = {"center", "centre", "platform", "base", "laboratory", "lab", "park", "zone", "network"}
_TECH_HEADS = {"technology", "technologies", "process", "processes", "technique", "techniques"}
_GENERIC = {
    "green",
    "new",
    "key",
    "core",
    "applicable",
    "these",
    "several",
    "innovative",
    "latest",
    "advanced",
    "cutting-edge",
    "modern",
    "clean",
    "other",
    "such",
    "related",
    "sustainable",
    "digital",
    "scientific",
    "technical",
    "major",
    "important",
    "relevant",
    "emerging",
    "large-scale",
    "science",
    "energy",
    "space",
    "information",
    "frontier",
    "original",
    "leading",
    "high",
    "low",
    "carbon",
    "production",
    "manufacturing",
    "engineering",
    "its",
    "their",
    "our",
    "the",
    "a",
    "an",
}
_QUOTES_OPEN = {"“", '"'}
_QUOTES_CLOSE = {"”", '"'}
MAX_QUOTED_TOKENS = 10


def _mention(
    kind: str, span: Span, offset: int, sentence_of: dict[int, tuple[int, int]], rule: str
) -> Mention:
    start = offset + span.start_char
    return Mention(
        type=kind,
        start=start,
        end=offset + span.end_char,
        name=clean_name(span.text),
        sentence=sentence_of.get(span.start, (start, start)),
        rule=rule,
    )


def quoted_initiatives(
    doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]
) -> list[Mention]:
    """Quoted names introduced as a platform, principle, statement, plan..."""
    found = []
    for tok in doc:
        if tok.text not in _QUOTES_OPEN:
            continue
        close = next(
            (
                t.i
                for t in doc[tok.i + 1 : tok.i + MAX_QUOTED_TOKENS + 2]
                if t.text in _QUOTES_CLOSE
            ),
            None,
        )
        if close is None or close - tok.i < 3:
            continue
        before = [t.lower_ for t in doc[max(0, tok.i - 8) : tok.i]]
        after = [t.lower_ for t in doc[close + 1 : close + 6]]
        if not (_triggered(before) or "paper" in after):
            continue
        found.append(_mention("initiative", doc[tok.i + 1 : close], offset, sentence_of, "quoted"))
    return found


def _triggered(before: list[str]) -> bool:
    """A trigger word before the quote, with only quotes, commas and `and`/`of` between."""
    for word in reversed(before):
        if word in _INITIATIVE_TRIGGERS:
            return True
        if word not in {"of", "the", ",", "and", "“", "”", '"', "joint"} and word.isalpha():
            return False
    return False


def established_facilities(
    doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]
) -> list[Mention]:
    """`establish an international research center for drought ...`: a planned joint body."""
    found = []
    for tok in doc:
        if tok.lower_ not in _FACILITY or tok.text[:1].isupper():
            continue
        left = tok.i
        while left > 0 and doc[left - 1].pos_ in {"ADJ", "NOUN", "PROPN"}:
            left -= 1
        if left == tok.i or left < 2 or doc[left - 1].lower_ not in {"a", "an"}:
            continue
        trigger = {t.lower_ for t in doc[max(0, left - 4) : left - 1]}
        if not trigger & _ESTABLISH:
            continue
        end = _for_phrase_end(doc, tok)
        found.append(_mention("initiative", doc[left:end], offset, sentence_of, "established"))
    return found


def _for_phrase_end(doc: Doc, head: Token) -> int:
    nxt = head.i + 1
    if nxt < len(doc) and doc[nxt].lower_ == "for":
        end = max(t.i for t in doc[nxt].subtree) + 1
        end = min(end, nxt + 12)
        while end > nxt + 1 and doc[end - 1].is_punct:
            end -= 1
        return end
    return head.i + 1


def technology_phrases(
    doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]
) -> list[Mention]:
    """`solar water pumping technology`, `waste glass recycling process`: a technology noun
    with two or more specific modifiers; and the items of `approaches such as A, B`."""
    found = []
    for tok in doc:
        if tok.lower_ not in _TECH_HEADS or tok.text[:1].isupper():
            continue
        left = tok.i
        while left > 0 and (
            doc[left - 1].pos_ in {"ADJ", "NOUN", "PROPN", "VERB"}
            or (doc[left - 1].text in {"-", "/"} and not doc[left - 1].whitespace_)
        ):
            prev = doc[left - 1]
            if prev.tag_ in {"VBZ", "VBD", "VBP"}:
                break
            if prev.tag_ == "VB" and left >= 2 and doc[left - 2].tag_ in {"MD", "TO"}:
                break
            if prev.tag_ == "VBG" and doc[left].pos_ not in {"NOUN", "PROPN"}:
                break
            left -= 1
        words = doc[left : tok.i].text.lower().split()
        if sum(w not in _GENERIC for w in words) >= 2:
            found.append(_mention("technology", doc[left : tok.i + 1], offset, sentence_of, "head"))
    found.extend(_such_as_items(doc, offset, sentence_of))
    return found


def _such_as_items(doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]) -> list[Mention]:
    found = []
    by_start: dict[int, Span] = {}
    for tok in doc:
        if tok.lower_ != "such" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "as":
            continue
        before = [t.lower_ for t in doc[max(tok.sent.start, tok.i - 4) : tok.i]]
        if not any(w.startswith(("technolog", "approach", "solution")) for w in before):
            continue
        if not by_start:
            by_start.update({c.start: c for c in doc.noun_chunks})
        for chunk in _listed_chunks(doc, tok.i + 2, by_start):
            found.append(_mention("technology", chunk, offset, sentence_of, "such_as"))
    return found


def _listed_chunks(doc: Doc, start: int, by_start: dict[int, Span]) -> list[Span]:
    """Noun phrases listed from `start` (`A, B and C`), each with its `of ...` phrase."""
    chunks: list[Span] = []
    i = start
    while i < len(doc):
        chunk = by_start.get(i)
        if chunk is None:
            break
        end = chunk.end
        if end < len(doc) and doc[end].lower_ == "of":
            of_chunk = by_start.get(end + 1)
            if of_chunk is not None:
                end = of_chunk.end
        first = chunk.start + (1 if chunk[0].pos_ == "DET" else 0)
        if end - first >= 1:
            chunks.append(doc[first:end])
        if end < len(doc) and doc[end].text in {",", "and"}:
            i = end + 1
            if i < len(doc) and doc[i].lower_ == "and":
                i += 1
            continue
        break
    return chunks
