"""Token repairs before the rules: words the tagger split that belong together (`发展中国家`,
`中-非`, `Max Paoli`), and three-character names cut after two (`刘吉` `开` `所长`)."""

from __future__ import annotations

import re

from greenbridge.extract.zh.lexicon import zh_lexicon
from greenbridge.extract.zh.tagger import Token

_NOT_JOINED = {"w", "m", "TIME", "v", "p", "c", "u", "d", "r"}
_DASHES = {"-", "—", "–", "－", "·", "•"}
_LATIN_WORD = r"[A-Z][a-zA-Z'’]+"
_LATIN_RUN = re.compile(
    rf"(?:[A-Z]\.\s?){{1,5}}{_LATIN_WORD}(?:[ \u00a0]{_LATIN_WORD}){{0,4}}"
    rf"|{_LATIN_WORD}(?:[ \u00a0](?:[A-Z]\.\s?)*{_LATIN_WORD}){{1,5}}"
)
_NOT_NAME_END = set("在和与及等也则又将曾还是对向为的了说从由于把被让给到副常")


def repaired(tokens: list[Token]) -> list[Token]:
    tokens = _merge_compounds(tokens)
    tokens = _join_dashes(tokens)
    tokens = _latin_names(tokens)
    return _titled_names(_complete_names(tokens))


def _merged(parts: list[Token], tag: str) -> Token:
    return Token("".join(t.text for t in parts), tag, parts[0].start)


def _merge_compounds(tokens: list[Token]) -> list[Token]:
    compounds = zh_lexicon().compounds
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2):
            parts = tokens[i : i + size]
            if len(parts) == size and "".join(t.text for t in parts) in compounds:
                out.append(_merged(parts, "nz"))
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _join_dashes(tokens: list[Token]) -> list[Token]:
    """`中` `-` `非` -> `中-非`: a dash between two words of a name, no space around it."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            out
            and tok.text in _DASHES
            and i + 1 < len(tokens)
            and out[-1].tag not in _NOT_JOINED
            and tokens[i + 1].tag not in _NOT_JOINED
            and not out[-1].text[-1:].isspace()
        ):
            tag = (
                "PER"
                if tok.text in {"·", "•"} and "PER" in {out[-1].tag, tokens[i + 1].tag}
                else "nz"
            )
            out[-1] = _merged([out[-1], tok, tokens[i + 1]], tag)
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _latin_names(tokens: list[Token]) -> list[Token]:
    """Two to six capitalised Latin words (initials too: `S.H.P. Kunante`): one token; a person
    (`PER`) when an honorific or title follows or precedes, else a proper noun (`nz`)."""
    from greenbridge.extract.zh.relations import is_title

    if not tokens:
        return tokens
    lex = zh_lexicon()
    base = tokens[0].start
    text = "".join(t.text for t in tokens)
    starts = {t.start - base: i for i, t in enumerate(tokens)}
    ends = {t.end - base: i for i, t in enumerate(tokens)}
    out: list[Token] = []
    i = 0
    for match in _LATIN_RUN.finditer(text):
        first, last = starts.get(match.start()), ends.get(match.end())
        if first is None or last is None or first < i:
            continue
        out.extend(tokens[i:first])
        after = tokens[last + 1].text if last + 1 < len(tokens) else ""
        before = tokens[first - 1].text if first else ""
        person = after in lex.honorifics or is_title(after) or is_title(before)
        bracketed = before in {"(", "（"}
        person = person or (not bracketed and any(t.tag == "PER" for t in tokens[first : last + 1]))
        out.append(_merged(tokens[first : last + 1], "PER" if person else "nz"))
        i = last + 1
    out.extend(tokens[i:])
    return out


def _complete_names(tokens: list[Token]) -> list[Token]:
    from greenbridge.extract.zh.relations import is_title

    lex = zh_lexicon()
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            tok.tag == "PER"
            and len(tok.text) == 2
            and i + 2 < len(tokens)
            and len(tokens[i + 1].text) == 1
            and tokens[i + 1].tag != "w"
            and tokens[i + 1].text not in _NOT_NAME_END
        ):
            after = tokens[i + 2].text
            if after == "、" or after in lex.honorifics or is_title(after):
                out.append(_merged([tok, tokens[i + 1]], "PER"))
                i += 2
                continue
        out.append(tok)
        i += 1
    return out


_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
_BOUNDARY = set("、，,。；;：: ")


def _titled_names(tokens: list[Token]) -> list[Token]:
    """Two or three characters between a title and a stop (`副所长` `戴年华` `,`), or between a
    stop and an honorific (`、` `庞忠和` `研究员`), are a person's name, however the tagger cut
    them."""
    from greenbridge.extract.zh.relations import is_title

    lex = zh_lexicon()
    out = list(tokens)
    i = 0
    while i < len(out):
        for size in (3, 2, 1):
            parts = out[i : i + size]
            text = "".join(t.text for t in parts)
            if (
                len(parts) < size
                or not _CJK_NAME.fullmatch(text)
                or any(t.tag in {"LOC", "ORG", "TIME", "w"} for t in parts)
            ):
                continue
            if size == 1 and (parts[0].tag == "PER" or parts[0].tag not in {"n", "nz", "j"}):
                break
            before = out[i - 1].text if i else ""
            after = out[i + size].text if i + size < len(out) else ""
            titled = is_title(before) and (after in _BOUNDARY or after in {"等", ""})
            honoured = (before in _BOUNDARY or not before) and after in lex.honorifics
            if titled or honoured:
                out[i : i + size] = [_merged(parts, "PER")]
                break
        i += 1
    return out
