"""Candidate names in one tagged Chinese sentence: tagger names (PER, ORG), runs of nouns that
end with a head word (`…研究所`, `…论坛`, `…联合实验室`, `…技术`), and quoted titles (`《…》`)."""

from __future__ import annotations

from greenbridge.extract.mention import Mention
from greenbridge.extract.zh.lexicon import heads, zh_lexicon
from greenbridge.extract.zh.tagger import Token

# Tags a name may be made of (LAC's set; jieba's are mapped to it).
NAME_PARTS = frozenset(
    {"n", "nz", "vn", "an", "LOC", "ORG", "PER", "nw", "j", "s", "a", "l", "eng"}
)
EVENT_PARTS = NAME_PARTS | {"m", "TIME"}
_MAX_TOKENS = 10
_MAX_CHARS = 40
# Tags of words that never end a name (`签署` ends with `署` but is a verb).
_NOT_HEAD = frozenset({"w", "v", "vd", "ad", "d", "p", "c", "u", "r", "m", "q", "xc", "f", "TIME"})
_AGREEMENT_MIN_CHARS = 8  # an agreement outside quotes is a name only when it is this long
_OPEN = {"《": "》", "“": "”", "「": "」"}


def head_of(name: str) -> tuple[str, str] | None:
    """(head word, entity type) of the longest head `name` ends with."""
    for head, kind in heads():
        if name.endswith(head):
            return head, kind
    return None


def tagger_people(tokens: list[Token], sentence: tuple[int, int]) -> list[Mention]:
    """The tagger's PER names of two or more characters, honorific noted when one follows."""
    found = []
    lex = zh_lexicon()
    for i, tok in enumerate(tokens):
        name = tok.text.strip()
        if tok.tag != "PER" or len(name) < 2 or any(ch.isdigit() for ch in name):
            continue
        mention = Mention("person", tok.start, tok.start + len(name), name, sentence, rule="tagger")
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if after in lex.honorifics:
            mention.attributes["honorific"] = after
        found.append(mention)
    return found


def tagger_organizations(tokens: list[Token], sentence: tuple[int, int]) -> list[Mention]:
    found = []
    for tok in tokens:
        if tok.tag == "ORG" and len(tok.text) >= 2:
            kind = head_of(tok.text)
            mention = Mention(
                kind[1] if kind and kind[1] != "technology" else "organization",
                tok.start,
                tok.end,
                tok.text,
                sentence,
                rule="tagger",
            )
            if kind:
                mention.attributes["head"] = kind[0]
            found.append(mention)
    return found


def head_runs(tokens: list[Token], sentence: tuple[int, int]) -> list[Mention]:
    """Runs of name tokens ending with a head word: the head says the type."""
    found = []
    for i, tok in enumerate(tokens):
        if not _may_end_name(tok):
            continue
        joined = tok.text if i == 0 else tokens[i - 1].text + tok.text
        head = head_of(tok.text) or head_of(joined)
        if head is None:
            continue
        mention = _run_to(tokens, i, head, sentence)
        if mention is not None:
            found.append(mention)
    return found


def _may_end_name(tok: Token) -> bool:
    """Not a function word; a verb only when it is a head word itself (`学会` read as a verb)."""
    if tok.tag not in _NOT_HEAD:
        return True
    head = head_of(tok.text)
    return tok.tag == "v" and head is not None and head[0] == tok.text and len(tok.text) >= 2


def _run_to(
    tokens: list[Token], last: int, head: tuple[str, str], sentence: tuple[int, int]
) -> Mention | None:
    word, kind = head
    parts = EVENT_PARTS if kind == "event" else NAME_PARTS
    first = last
    while first > 0 and last - first < _MAX_TOKENS:
        before = tokens[first - 1]
        if before.tag not in parts or before.text == "的":
            break
        if before.tag == "PER" and first != last and "·" not in before.text:
            break
        first -= 1
    start, end = tokens[first].start, tokens[last].end
    name = "".join(t.text for t in tokens[first : last + 1])
    if len(name) > _MAX_CHARS or not _acceptable(name, kind):
        return None
    mention = Mention(kind, start, end, name, sentence, rule="head")
    mention.attributes["head"] = word
    return mention


def _acceptable(name: str, kind: str) -> bool:
    lex = zh_lexicon()
    stop = {
        "organization": lex.organization_stop,
        "initiative": lex.initiative_stop,
        "technology": lex.technology_stop,
        "event": lex.event_stop,
    }[kind]
    head = head_of(name)
    if name in stop or len(name) < 3 or head is None:
        return False
    if head[0] in lex.agreement_heads and len(name) < _AGREEMENT_MIN_CHARS:
        return False
    # a descriptive head of four characters names an unnamed gathering (`签约仪式`)
    return len(name) > len(head[0]) or (kind == "event" and len(name) >= 4)


def quoted_names(text: str, tokens: list[Token], sentence: tuple[int, int]) -> list[Mention]:
    """`《…》` and `“…”` titles that end with, or are followed by, an initiative or event head
    (`《…谅解备忘录》`, `“一带一路”倡议`)."""
    found = []
    s, e = sentence
    i = s
    while i < e:
        close = _OPEN.get(text[i])
        j = text.find(close, i + 1, e) if close else -1
        if j < 0:
            i += 1
            continue
        inner = text[i + 1 : j].strip()
        after = next((t for t in tokens if t.start == j + 1), None)
        head = head_of(inner)
        end = j + 1
        if (head is None or head[1] == "technology") and after is not None:
            head = head_of(after.text)
            inner, end = inner + after.text, after.end
        if head and head[1] in {"initiative", "event"} and 2 <= len(inner) <= _MAX_CHARS:
            mention = Mention(head[1], i, end, inner, sentence, rule="quoted")
            mention.attributes["head"] = head[0]
            found.append(mention)
        i = j + 1
    return found
