"""Proper names of organizations, events and initiatives: runs of capitalised words typed by
their head noun (`... Institute of ...`, `... Forum`, `... Programme`)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from greenbridge.extract.lexicon import Lexicon, lexicon
from greenbridge.extract.mention import Mention, clean_name

_JOINERS = {"-", "/", "–"}
_QUOTES = {"“", "”", '"', "‘", "’"}
_SUFFIXES = {"co.", "co", "ltd", "ltd.", "inc.", "inc", "llc", "plc"}
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d\d$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&-]*[A-Z0-9]s?$")
RIGHT_CONNECTORS = {"of", "for", "on", "to"}


def _line_break(doc: Doc, a: Token, b: Token, lex: Lexicon) -> bool:
    """A line end between a and b that ends a name (not one inside `Institute of / Physics`)."""
    between = a.whitespace_ + "".join(t.text_with_ws for t in doc[a.i + 1 : b.i])
    if "\n" not in between:
        return False
    if "\n\n" in between:
        return True
    if a.lower_ in lex.name_connectors or b.lower_ in lex.name_connectors:
        return False
    if lex.head_type(a.text) is not None and a.text[:1].isupper():
        return True  # `X Secretariat / Institute of Y`: a signature block
    return not (is_capword(a, lex) and is_capword(b, lex) and b.text not in lex.non_name_words)


def is_capword(tok: Token, lex: Lexicon) -> bool:
    text = tok.text
    if not text or text in lex.months or text in lex.weekdays:
        return False
    if _ORDINAL.match(text) or _YEAR.match(text):
        return True
    return text[0].isupper() and any(ch.isalpha() for ch in text)


def _joined(doc: Doc, i: int) -> bool:
    """Token i is a hyphen or slash inside a word (`Agro-Industrial`, `PV/T`)."""
    tok = doc[i]
    return (
        tok.text in _JOINERS
        and 0 < i < len(doc) - 1
        and not doc[i - 1].whitespace_
        and not tok.whitespace_
    )


def _comma_allowed(doc: Doc, i: int, lex: Lexicon) -> bool:
    """A comma inside a name list (`Trade, Mining and Energy Bureau`)."""
    for j in range(i + 1, min(len(doc), i + 8)):
        tok = doc[j]
        if tok.lower_ in _SUFFIXES and j == i + 1:
            return True
        if tok.lower_ in {"and", "&"}:
            return j + 1 < len(doc) and is_capword(doc[j + 1], lex)
        if not (is_capword(tok, lex) or _joined(doc, j)):
            return False
    return False


def name_runs(doc: Doc) -> list[list[int]]:
    """Maximal runs of capitalised words with the connectors and joiners between them."""
    lex = lexicon()
    runs: list[list[int]] = []
    run: list[int] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.is_space and "\n\n" not in tok.text and run:
            i += 1
            continue
        if run and _line_break(doc, doc[run[-1]], tok, lex):
            runs.append(run)
            run = []
        if tok.text in lex.non_name_words:
            if run:
                runs.append(run)
                run = []
        elif is_capword(tok, lex) or (run and (_joined(doc, i) or tok.text in _QUOTES)):
            run.append(i)
        elif run and (tok.lower_ in lex.name_connectors or tok.text == ","):
            nxt = _next_capword(doc, i, lex)
            ok = nxt is not None and (tok.text != "," or _comma_allowed(doc, i, lex))
            if ok and nxt is not None:
                run.extend(range(i, nxt))
                i = nxt
                continue
            runs.append(run)
            run = []
        elif run:
            runs.append(run)
            run = []
        i += 1
    if run:
        runs.append(run)
    return [_trim(doc, r, lex) for r in runs if r]


def _next_capword(doc: Doc, i: int, lex: Lexicon) -> int | None:
    """Index of the capitalised word after connectors/quotes starting at i (at most 2 skipped)."""
    j = i + 1
    while j < len(doc) and j <= i + 3:
        tok = doc[j]
        if _line_break(doc, doc[j - 1], tok, lex):
            return None
        if is_capword(tok, lex):
            return j
        if (
            tok.lower_ in {"the"}
            or tok.text in _QUOTES
            or (tok.is_space and "\n\n" not in tok.text)
        ):
            j += 1
            continue
        return None
    return None


def _trim(doc: Doc, run: list[int], lex: Lexicon) -> list[int]:
    while run and (doc[run[-1]].lower_ in lex.name_connectors or doc[run[-1]].text in _QUOTES):
        run = run[:-1]
    return run


def _is_head(tok: Token, lex: Lexicon) -> str | None:
    if not tok.text[:1].isupper():
        return None
    return lex.head_type(tok.text)


def _paired_head(doc: Doc, run: list[int], pos: int, lex: Lexicon) -> bool:
    """`Centre and Network` ending the name: two heads of one body."""
    if pos + 2 != len(run) - 1 or doc[run[pos + 1]].lower_ not in {"and", "&"}:
        return False
    last = doc[run[pos + 2]]
    return lex.head_type(last.text) == "organization" and last.text[:1].isupper()


def _left_edge(doc: Doc, run: list[int], pos: int, kind: str, lex: Lexicon) -> int:
    """Position (in run) where the name headed at run[pos] begins."""
    start = pos
    while start > 0:
        tok = doc[run[start - 1]]
        low = tok.lower_
        if low in RIGHT_CONNECTORS or low in {"the", "in"} or tok.text in lex.non_name_words:
            break
        if tok.text == ",":
            if not any(doc[run[k]].lower_ in {"and", "&"} for k in range(start, pos)):
                break
        elif (
            tok.text in _QUOTES
            or (tok.pos_ in {"VERB", "AUX"} and tok.text[:1].isupper() and kind != "event")
            or (
                low in lex.title_heads
                and kind == "organization"
                and start - 1 < pos - 1
                and _title_before_connector(doc, run, start - 1)
            )
            or (
                _is_head(tok, lex)
                and tok.lower_ not in _SUFFIXES
                and not is_capword(doc[run[start]], lex)
                and not (start == pos - 1 and _paired_head(doc, run, start - 1, lex))
            )
        ):
            break
        start -= 1
    while start < pos and (
        _YEAR.match(doc[run[start]].text) or _ORDINAL.match(doc[run[start]].text)
    ):
        if kind != "organization":
            break
        start += 1
    while start < pos and doc[run[start]].text in {",", "&", "and", "-"}:
        start += 1
    return start


def _title_before_connector(doc: Doc, run: list[int], k: int) -> bool:
    return k + 1 < len(run) and doc[run[k + 1]].lower_ in RIGHT_CONNECTORS


def _right_edge(doc: Doc, run: list[int], pos: int, lex: Lexicon) -> int:
    """Position (in run, inclusive) where the name headed at run[pos] ends."""
    end = pos
    k = pos + 1
    while k < len(run) and doc[run[k]].lower_ in _SUFFIXES | {","}:
        if doc[run[k]].lower_ in _SUFFIXES:
            end = k
        k += 1
    if k >= len(run) or doc[run[k]].lower_ not in RIGHT_CONNECTORS:
        return end
    while k < len(run):
        tok = doc[run[k]]
        if tok.text == "," and not _comma_list(doc, run, k):
            break
        if (tok.lower_ in {"and", "&"} or tok.text == ",") and _org_head_follows(doc, run, k, lex):
            break
        if is_capword(tok, lex) or _joined(doc, run[k]):
            end = k
        k += 1
    return end


def _comma_list(doc: Doc, run: list[int], k: int) -> bool:
    return any(doc[run[j]].lower_ in {"and", "&"} for j in range(k, min(len(run), k + 6)))


def _org_head_follows(doc: Doc, run: list[int], k: int, lex: Lexicon) -> bool:
    """After `and` at k, does a new name with a head of its own begin?"""
    for j in range(k + 1, len(run)):
        tok = doc[run[j]]
        if tok.lower_ in RIGHT_CONNECTORS:
            return False
        if _is_head(tok, lex) and tok.lower_ not in _SUFFIXES:
            return True
    return False


def _head_kind(doc: Doc, run: list[int], pos: int, lex: Lexicon) -> str | None:
    tok = doc[run[pos]]
    kind = _is_head(tok, lex)
    low = tok.lower_
    if low in lex.initiative_compound_heads and pos > 0:
        before = {doc[run[k]].lower_ for k in range(max(0, pos - 3), pos)}
        if before & lex.initiative_compound_heads[low]:
            return "initiative"
    if kind == "initiative" and low == "year" and pos == 0:
        return None
    if kind == "event" and doc[run[pos]].text.isupper():
        return None
    if kind == "organization" and _paired_head(doc, run, pos, lex):
        return None
    if kind and pos + 1 < len(run):
        nxt = doc[run[pos + 1]]
        if is_capword(nxt, lex) and nxt.lower_ not in _SUFFIXES:
            return None
    return kind


def head_candidates(
    doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]
) -> list[Mention]:
    """Names of organizations, events and initiatives in the capitalised runs of `doc`."""
    lex = lexicon()
    found: list[Mention] = []
    for run in name_runs(doc):
        found.extend(_plural_names(doc, offset, run, sentence_of, lex))
        for pos in range(len(run)):
            kind = _head_kind(doc, run, pos, lex)
            if kind is None:
                continue
            left = _left_edge(doc, run, pos, kind, lex)
            right = _right_edge(doc, run, pos, lex)
            first = run[left]
            if kind == "event" and first > 0 and doc[first - 1].lower_ in lex.ordinals:
                first -= 1
            span = doc[first : run[right] + 1]
            if kind == "event" and _is_single_generic(span, lex):
                continue
            if len(span) == 1 and kind != "organization":
                continue
            if len(span) == 1 and span[0].lower_ in lex.organization_heads:
                continue
            if kind == "initiative" and re.match(r"(?:United Nations|UN)\b", span.text):
                kind = "organization"  # `United Nations ... Programme`: a UN body
            mention = _mention(doc, offset, span, kind, sentence_of, "head")
            mention.attributes["head"] = doc[run[pos]].lower_
            found.append(mention)
    return found


def _plural_names(
    doc: Doc, offset: int, run: list[int], sentence_of: dict[int, tuple[int, int]], lex: Lexicon
) -> list[Mention]:
    """Bodies whose name ends in a plural noun of the lexicon: the plural noun and the word before it, where
    the name does not go on (`of ...`, another capitalised word)."""
    found = []
    for k in range(1, len(run)):
        tok = doc[run[k]]
        if tok.lower_ not in lex.organization_plural_heads or not tok.text[:1].isupper():
            continue
        following = doc[run[k + 1]] if k + 1 < len(run) else None
        if following is not None and (
            is_capword(following, lex) or following.lower_ in RIGHT_CONNECTORS
        ):
            continue
        span = doc[run[k - 1] : run[k] + 1]
        mention = _mention(doc, offset, span, "organization", sentence_of, "plural")
        mention.attributes["head"] = "organization"
        found.append(mention)
    return found


def _is_single_generic(span: object, lex: Lexicon) -> bool:
    words = [t for t in span if t.text[:1].isalpha()]  # type: ignore[attr-defined]
    return len(words) <= 1


def _mention(
    doc: Doc,
    offset: int,
    span: object,
    kind: str,
    sentence_of: dict[int, tuple[int, int]],
    rule: str,
) -> Mention:
    start = offset + span.start_char  # type: ignore[attr-defined]
    end = offset + span.end_char  # type: ignore[attr-defined]
    first = span[0]  # type: ignore[index]
    return Mention(
        type=kind,
        start=start,
        end=end,
        name=clean_name(span.text),  # type: ignore[attr-defined]
        sentence=sentence_of.get(first.i, (start, end)),
        rule=rule,
    )


def acronym_after(text: str, end: int) -> tuple[str, int] | None:
    """`(ACR)` right after a name ending at `end`: the acronym and where it ends."""
    match = re.match(r"\s*\(\s*([A-Z][A-Za-z0-9&-]{1,14})\s*\)", text[end : end + 24])
    if not match or not _ACRONYM.match(match.group(1)):
        return None
    acronym = match.group(1)
    if sum(ch.isupper() for ch in acronym) < 2:
        return None
    return acronym, end + match.end()


def is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return (
        2 <= len(letters) <= 10
        and _ACRONYM.match(word) is not None
        and sum(ch.isupper() for ch in letters) >= max(2, len(letters) - 1)
    )
