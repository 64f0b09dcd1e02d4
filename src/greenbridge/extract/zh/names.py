"""Candidate names in one tagged Chinese sentence: tagger names (PER, ORG), runs of nouns that
end with a head word (`…研究所`, `…论坛`, `…联合实验室`, `…技术`), and quoted titles (`《…》`)."""

from __future__ import annotations

from greenbridge.extract.mention import Mention
from greenbridge.extract.zh.lexicon import heads, zh_lexicon
from greenbridge.extract.zh.places import country_code_zh
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
_JOINERS = {"与"}
_KIN = ("阿姨", "叔叔", "大爷", "奶奶", "爷爷", "大妈", "同学", "师傅")
# Words that make a run a kind of body, not a name (`多所大学`, `相关企业`)
_GENERIC_FRONT = (
    "多所",
    "多家",
    "相关",
    "有关",
    "知名",
    "全球知名",
    "各",
    "该",
    "部分",
    "其他",
    "一些",
    "海外",
    "国内外",
    "研究所",
)
_BYLINE = {"记者", "作者", "通讯员", "编辑", "摄影", "责任编辑", "撰稿"}
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
        name = _without_title(tok.text.strip())
        if tok.tag != "PER" or len(name) < 2 or any(ch.isdigit() for ch in name):
            continue
        if len(name) == 2 and name.endswith("方"):  # `中方`, `斯方`: a side, not a person
            continue
        if name.endswith(_KIN):  # `王阿姨`: how a report calls someone it does not name
            continue
        if country_code_zh(name) or _byline(tokens, i):
            continue
        mention = Mention("person", tok.start, tok.start + len(name), name, sentence, rule="tagger")
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if after in lex.honorifics:
            mention.attributes["honorific"] = after
        found.append(mention)
    return found


def _byline(tokens: list[Token], i: int) -> bool:
    """A reporter or author named in the byline (`记者王某、李某`, `作者：…`)."""
    for tok in reversed(tokens[max(0, i - 6) : i]):
        if tok.text in _BYLINE:
            return True
        if tok.tag not in {"PER", "w"} and tok.text not in {"、", " ", ":", "："}:
            return False
    return False


def _without_title(name: str) -> str:
    """`孙成永参赞` -> `孙成永`: a title or honorific the tagger kept at the end of a name."""
    from greenbridge.extract.zh.relations import is_title

    for size in range(min(5, len(name) - 2), 1, -1):
        if is_title(name[-size:]) or name[-size:] in zh_lexicon().honorifics:
            return name[:-size]
    return name


def _before_title(name: str) -> str:
    """`大阪大学副理事兼…所长田中学` -> `大阪大学`: a tagger name cut before a title inside it."""
    from greenbridge.extract.zh.relations import is_title

    for at in range(2, len(name) - 1):
        for size in (4, 3, 2):
            if is_title(name[at : at + size]) and not head_of(name[: at + size]):
                return name[:at]
    return name


def _state(name: str) -> bool:
    """`中国政府`, `中央政府`: a government named as a state is its country, not a body."""
    front = name.removesuffix("政府")
    return front != name and (
        front in {"中央", "国家", "各国"} or country_code_zh(front) is not None
    )


def tagger_organizations(tokens: list[Token], sentence: tuple[int, int]) -> list[Mention]:
    """The tagger's ORG names of three or more characters, cut before a title inside them."""
    found = []
    for tok in tokens:
        name = _before_title(tok.text)
        if tok.tag == "ORG" and len(name) >= 3 and not country_code_zh(name) and not _state(name):
            kind = head_of(name)
            mention = Mention(
                kind[1] if kind and kind[1] != "technology" else "organization",
                tok.start,
                tok.start + len(name),
                name,
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
        if not _may_end_name(tok, tokens[i - 1] if i else None):
            continue
        joined = tok.text if i == 0 else tokens[i - 1].text + tok.text
        own, longer = head_of(tok.text), head_of(joined)
        head = longer if longer and (own is None or len(longer[0]) > len(own[0])) else own
        if head is None:
            continue
        mention = _run_to(tokens, i, head, sentence)
        if mention is not None:
            found.append(mention)
    return found


def _may_end_name(tok: Token, before: Token | None) -> bool:
    """Not a function word nor a word that only ends like a head (`总部`); a verb only when it
    is a head word itself after a name (`马克斯·普朗克` `学会`)."""
    head = head_of(tok.text)
    if head is not None and head[0] != tok.text and tok.text in zh_lexicon().organization_stop:
        return False
    if tok.tag not in _NOT_HEAD:
        return True
    return (
        tok.tag == "v"
        and head is not None
        and head[0] == tok.text
        and len(tok.text) >= 2
        and before is not None
        and before.tag in {"PER", "LOC", "ORG", "nz"}
        and tok.text not in {"组织", "中心"}
    )


def _run_to(
    tokens: list[Token], last: int, head: tuple[str, str], sentence: tuple[int, int]
) -> Mention | None:
    from greenbridge.extract.zh.relations import is_title

    word, kind = head
    if kind == "organization" and last and _ordinal(tokens[last - 1].text):
        kind = "event"  # `首次学术理事会`: a numbered session of a board
    parts = EVENT_PARTS if kind == "event" else NAME_PARTS
    first, joined = last, False
    while first > 0 and last - first < _MAX_TOKENS:
        before = tokens[first - 1]
        if before.text in _JOINERS and not joined and first >= 2 and _joins(tokens, first - 1):
            joined = True
            first -= 1
            continue
        if before.tag not in parts or before.text == "的" or is_title(before.text):
            break
        if is_verb(before.text):
            break
        if before.tag == "PER" and first != last and "·" not in before.text:
            break
        first -= 1
    if tokens[first].text in _JOINERS:
        first += 1
    start, end = tokens[first].start, tokens[last].end
    run = tokens[first : last + 1]
    name = "".join(t.text for t in run)
    if name.startswith(_GENERIC_FRONT) and kind != "event":
        return None
    if len(name) > _MAX_CHARS or not acceptable(name, kind):
        return None
    if kind == "initiative" and not any(_proper(t) for t in run[:-1]):
        return None
    named = any(_proper(t) or t.tag in {"m", "TIME"} for t in run[:-1])
    descriptive = name in zh_lexicon().event_heads and len(name) >= 4  # `签约仪式`
    if kind == "event" and not named and not descriptive:
        return None
    mention = Mention(kind, start, end, name, sentence, rule="head")
    mention.attributes["head"] = word
    if kind == "event" and head[1] == "organization":  # a session of a board
        mention.attributes["kind"] = "meeting"
    return mention


def _ordinal(word: str) -> bool:
    return word.startswith(("首次", "第")) or (word[-1:] in {"届", "次"} and len(word) >= 2)


def _joins(tokens: list[Token], at: int) -> bool:
    """`与` at `at` joins two words of one name (`地质与地球物理研究所`), not two names: the
    words before it do not end with a head word."""
    left, right = tokens[at - 1], tokens[at + 1]
    return (
        left.tag in {"n", "vn"}
        and right.tag in {"n", "vn"}
        and head_of(left.text) is None
        and not is_verb(left.text)
    )


def is_verb(word: str) -> bool:
    """A verb the relation and event rules read (`访问`, `主办`, `签署`): never part of a name."""
    lex = zh_lexicon()
    return (
        word in lex.visit_verbs
        or word in lex.organized_roles
        or word in lex.participated_roles
        or word in lex.relation_verbs["founded"]
        or word in lex.relation_verbs["cooperates_with"]
    )


def _proper(tok: Token) -> bool:
    """A word that makes a run a name of its own: a tagged name or a word of Latin letters."""
    return tok.tag in {"LOC", "ORG", "PER", "nz", "nw"} or any(
        c.isascii() and c.isalnum() for c in tok.text
    )


def acceptable(name: str, kind: str) -> bool:
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
    if kind == "organization" and (_state(name) or country_code_zh(name)):
        return False
    if head[0] in lex.agreement_heads and len(name) < _AGREEMENT_MIN_CHARS:
        return False
    # a descriptive head of four characters names an unnamed gathering (`签约仪式`)
    return len(name) > len(head[0]) or (kind == "event" and len(name) >= 4)


def _with_following_head(
    text: str, tokens: list[Token], i: int, j: int, inner: str
) -> tuple[str, int, tuple[str, str] | None]:
    """A quoted name and up to four words after it that end with a head word (`“…”签约暨揭牌仪式`)."""
    following = [t for t in tokens if t.start > j][:4]
    for k, tok in enumerate(following):
        if tok.tag == "w":
            break
        head = head_of(tok.text)
        if head is not None:
            end = tok.end
            if k == 0:
                return inner + tok.text, end, head
            return text[i + 1 : end].replace(text[j], ""), end, head
    return inner, j + 1, None


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
        head = head_of(inner)
        end = j + 1
        longer, longer_end, longer_head = _with_following_head(text, tokens, i, j, inner)
        if longer_head and longer_head[1] == "event" and head and head[1] != "event":
            event = Mention("event", i, longer_end, longer, sentence, rule="quoted")
            event.attributes["head"] = longer_head[0]
            found.append(event)
        elif head is None or head[1] == "technology":
            inner, end, head = longer, longer_end, longer_head
        if head and head[1] in {"initiative", "event"} and 2 <= len(inner) <= _MAX_CHARS:
            mention = Mention(head[1], i, end, inner, sentence, rule="quoted")
            mention.attributes["head"] = head[0]
            found.append(mention)
        i = j + 1
    return found
