"""Search terms for Chinese, Japanese and Korean text, which has no spaces between words.

A run of CJK characters is indexed as its overlapping character bigrams, in order
(`国际合作` -> `国际 际合 合作`), followed by each of its distinct characters once, so any
word of one character or more is found inside a run. Traditional characters are read in their
simplified form (OpenCC `t2s`), on the document side and on the query side alike, so a query in
either script finds text in either. The stored text itself is never converted.

The terms are kept in a `search_cjk` column of `document` and `alias` (NULL when the text has
no CJK character), indexed by FTS5 on SQLite and, on PostgreSQL, by a GIN index over a
generated array of its terms (migration 0010). A query's CJK run is matched as the phrase of its bigrams, which holds exactly
when the run occurs in the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# Han (with extensions and compatibility ideographs), kana, Hangul syllables.
CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_CJK_CHAR = re.compile(f"[{CJK_CLASS}]")
MAX_INDEXED_CHARS = 1_000_000  # as the PostgreSQL text vector of migration 0003


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` with traditional Chinese characters in their simplified form (NFKC first)."""
    text = unicodedata.normalize("NFKC", text)
    if not _CJK_CHAR.search(text):
        return text
    converted: str = _converter().convert(text)
    return converted


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def run_bigrams(run: str) -> list[str]:
    """`国际合作` -> [`国际`, `际合`, `合作`]; a one-character run is its own term."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def cjk_terms(*texts: str | None) -> str | None:
    """The space-separated search terms of the CJK runs of `texts`, or None when there is none."""
    joined = "\n".join(t for t in texts if t)[:MAX_INDEXED_CHARS]
    if not has_cjk(joined):
        return None
    runs = _CJK_RUN.findall(simplified(joined))
    bigrams = [term for run in runs for term in run_bigrams(run) if len(term) == 2]
    characters = sorted({ch for run in runs for ch in run})
    return " ".join(bigrams + characters)


def query_runs(query: str) -> list[str]:
    """The CJK runs of a query, simplified, in order, each once."""
    runs = _CJK_RUN.findall(simplified(query))
    return list(dict.fromkeys(runs))


def latin_part(query: str) -> str:
    """The query with its CJK characters taken out (what the word indexes look up)."""
    return _CJK_RUN.sub(" ", unicodedata.normalize("NFKC", query))


def run_phrase(run: str) -> str:
    """The terms of a query run as they stand, in order, in `search_cjk`: `合作 作协 协议`."""
    return " ".join(run_bigrams(run))
