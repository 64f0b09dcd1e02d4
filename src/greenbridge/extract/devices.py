"""Technologies presented as something that works or is deployed: a device or process noun
with a specific modifier (`downdraft gasifier`, `hybrid solar dryers`, `constructed wetland
system`) in a sentence that says it is installed, runs, treats, cuts...; then who developed
it (`developed at the institute`, `that A and B tested`) and where it is deployed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from greenbridge.extract.mention import Mention, clean_name
from greenbridge.extract.phrases import _GENERIC
from greenbridge.extract.places import city_country, country_code

if TYPE_CHECKING:
    from greenbridge.extract.relations import _Builder

# Device nouns specific enough to name a technology with one modifier.
_STRONG = {
    "gasifier", "dryer", "drier", "electrolyser", "electrolyzer", "digester", "stove",
    "membrane", "wetland", "reactor", "turbine", "catalyst", "filter", "boiler", "inverter",
    "kiln", "incubator", "purifier", "desalinator", "cooker", "heater", "collector",
    "biodigester", "pyrolyser", "pyrolyzer", "fermenter", "bioreactor", "photobioreactor",
    "battery", "concentrator", "sprayer", "thresher",
}  # fmt: skip
# Generic heads: need a deployment or result verb in the sentence.
_WEAK = {
    "pump", "panel", "system", "unit", "kit", "room", "device", "module", "machine",
    "rig", "cell",
}  # fmt: skip
_VERBS = re.compile(
    r"\b(?:install\w*|deploy\w*|appl(?:y|ied|ies)|pilot\w*|replac\w*|reduc\w*|cut|cuts|"
    r"treat\w*|produc\w*|suppl(?:y|ies|ied)|distribut\w*|runn?\w*|operat\w*|opened|"
    r"tested|generat\w*|remov\w*|lower\w*|efficiency|dry|dries|stores?|serve\w*)\b",
    re.I,
)
_SKIP_MOD = {"new", "other", "such", "these", "those", "two", "three", "several", "first",
             "same", "further", "similar", "total", "its", "their", "our", "pilot", "key",
             "important", "conventional", "existing", "traditional", "main"} | _GENERIC  # fmt: skip
_DEVELOPED_AT = re.compile(
    r"^\s*,?\s*(?:(?:that|which)\s+(?:was|were)\s+)?"
    r"(?:developed|designed|invented|built)\s+(?:at|by)\s+(?:the\s+)?"
)
_THAT_TESTED = re.compile(r"\b(?:developed|designed|tested|invented|built)\b")


REFERENT_WINDOW = 1500  # characters before a sentence where `the institute` is looked for


def device_phrases(doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]) -> list[Mention]:
    found = []
    for tok in doc:
        lemma = _singular(tok)
        if tok.pos_ not in {"NOUN", "PROPN"} or lemma not in _STRONG | _WEAK:
            continue
        if _modifies_next(doc, tok):
            continue  # not the head of its phrase
        left = _left_edge(doc, tok)
        words = [t.lower_ for t in doc[left : tok.i] if t.is_alpha or "-" in t.text]
        specific = [w for w in words if w not in _SKIP_MOD]
        if not specific:
            continue
        sentence = tok.sent.text
        if lemma in _WEAK and (len(specific) < 1 or not _VERBS.search(sentence)):
            continue
        end = _for_phrase(doc, tok)
        start = offset + doc[left].idx
        mention = Mention(
            type="technology",
            start=start,
            end=offset + doc[end - 1].idx + len(doc[end - 1].text),
            name=clean_name(doc[left:end].text),
            sentence=sentence_of.get(tok.i, (start, start)),
            rule="device",
        )
        found.append(mention)
    return found


def _modifies_next(doc: Doc, tok: Token) -> bool:
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].pos_ not in {"NOUN", "PROPN"}:
        return False
    nxt = doc[tok.i + 1]
    return nxt.lower_ not in _STRONG | _WEAK and not nxt.is_title


def _singular(tok: Token) -> str:
    word = tok.lower_
    if tok.tag_ in {"NNS", "NNPS"} and word.endswith("s") and word[:-1] in _STRONG | _WEAK:
        return word[:-1]
    return word


def _left_edge(doc: Doc, head: Token) -> int:
    left = head.i
    while left > head.sent.start:
        prev = doc[left - 1]
        if prev.text == "-" and not prev.whitespace_ and left >= 2:
            left -= 2 if doc[left - 2].is_alpha else 1
            continue
        if left >= 3 and doc[left - 2].text == "-" and not doc[left - 2].whitespace_:
            left -= 1
            continue
        if prev.like_num or prev.is_punct or prev.pos_ not in {"ADJ", "NOUN", "VERB", "PROPN"}:
            break
        finite = prev.tag_ in {"VBZ", "VBD", "VBP", "VB", "VBG"} and "-" not in prev.text
        if finite and not (prev.tag_ == "VBD" and prev.dep_ == "amod"):
            break
        if prev.pos_ == "PROPN" and prev.is_upper:
            break
        if not prev.text.islower() and left - 1 != head.sent.start:
            break
        left -= 1
    return left


def _for_phrase(doc: Doc, head: Token) -> int:
    """`filters for fluoride removal`: keep a short `for` + nouns complement."""
    i = head.i + 1
    if i + 1 < len(doc) and doc[i].lower_ == "for":
        j = i + 1
        while j < len(doc) and j < i + 4 and doc[j].pos_ in {"NOUN", "ADJ"}:
            j += 1
        if j > i + 1 and doc[j - 1].pos_ == "NOUN":
            return j
    return head.i + 1


def device_relations(text: str, mentions: list[Mention], builder: _Builder) -> None:
    techs = [m for m in mentions if m.type == "technology" and m.entity and m.rule == "device"]
    orgs = [m for m in mentions if m.type == "organization" and m.entity]
    for tech in techs:
        _developers(text, tech, orgs, builder)
        _deployed(text, tech, builder)


def _developers(text: str, tech: Mention, orgs: list[Mention], builder: _Builder) -> None:
    s, e = tech.sentence
    after = text[tech.end : e]
    match = _DEVELOPED_AT.match(after)
    if match:
        at = tech.end + match.end()
        named = next((o for o in orgs if o.start == at), None)
        if named is None:
            noun = re.match(r"\w+", text[at:e])
            named = _referent(text, orgs, s, tech.start, noun.group(0) if noun else "")
        if named is not None:
            builder.add("developed", named, tech, tech.sentence)
        return
    that = re.match(r"^\s*,?\s*(?:that|which)\s+", after)
    verb = _THAT_TESTED.search(after[:80]) if that else None
    if that and verb:
        lo, hi = tech.end + that.end(), tech.end + verb.start()
        for org in (o for o in orgs if lo <= o.start < hi):
            builder.add("developed", org, tech, tech.sentence)


def _referent(text: str, orgs: list[Mention], s: int, before: int, noun: str) -> Mention | None:
    """`the institute`: the last organization named shortly before with that word in its
    name, else the last one named in the sentence."""
    earlier = [o for o in orgs if s - REFERENT_WINDOW <= o.start < before]
    for org in reversed(earlier):
        owner = org.attributes.get("acronym_of")
        name = owner.name if isinstance(owner, Mention) else org.name
        if noun and name.lower().split()[0:1] and noun.lower() in name.lower().split():
            return org
    inside = [o for o in earlier if o.start >= s]
    return inside[-1] if inside else None


def _deployed(text: str, tech: Mention, builder: _Builder) -> None:
    s, e = tech.sentence
    sentence = text[s:e]
    if not _VERBS.search(sentence):
        return
    best: tuple[int, str] | None = None
    for match in re.finditer(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*", sentence):
        at = s + match.start()
        if tech.start <= at < tech.end:
            continue
        code = _place_code(match.group(0))
        if code:
            distance = at - tech.end if at >= tech.end else (tech.start - at) * 2
            if best is None or distance < best[0]:
                best = (distance, code)
    if best is None:
        best = _earlier_country(text, s)
    if best is not None:
        outcome = " ".join(sentence.split())
        builder.add_country("deployed", tech, best[1], tech.sentence, outcome=outcome[:200])


def _place_code(name: str) -> str | None:
    """A country or city named by the whole run of capitalised words (`Inner Mongolia`
    is not Mongolia)."""
    name = re.sub(r"^(?:The|In|At)\s+", "", name)
    return country_code(name) or (city_country(name) if len(name.split()) <= 2 else None)


def _earlier_country(text: str, s: int) -> tuple[int, str] | None:
    """The country named last in the paragraph before the sentence (`... of Peru.
    Solar pumps installed in <towns> ...`)."""
    window = text[max(0, s - 300) : s]
    window = window[window.rfind("\n\n") + 1 :]
    found = None
    for match in re.finditer(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*", window):
        code = country_code(match.group(0))
        if code:
            found = (0, code)
    return found
